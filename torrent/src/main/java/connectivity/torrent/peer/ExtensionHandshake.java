package connectivity.torrent.peer;

import connectivity.torrent.bencode.BBytes;
import connectivity.torrent.bencode.BDict;
import connectivity.torrent.bencode.BInt;
import connectivity.torrent.bencode.Bencode;
import connectivity.torrent.bencode.BencodeException;
import connectivity.torrent.bencode.BValue;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The BEP 10 extension handshake: which extended messages a side understands ({@code m}), its client
 * name ({@code v}), how many outstanding requests it accepts ({@code reqq}), its port ({@code p}) and, from BEP 9,
 * the size of the info dictionary it can send ({@code metadata_size}, as the peer wrote it: whoever fetches judges it).
 */
public record ExtensionHandshake(Map<String, Integer> messages, String client, OptionalInt requestQueue, OptionalInt listenPort,
        OptionalLong metadataSize) {
    public ExtensionHandshake {
        messages = Map.copyOf(messages);
    }

    public ExtensionHandshake(Map<String, Integer> messages, String client, OptionalInt requestQueue, OptionalInt listenPort) {
        this(messages, client, requestQueue, listenPort, OptionalLong.empty());
    }

    public byte[] encode() {
        BDict.Builder m = BDict.builder();
        messages.forEach(m::put);
        BDict.Builder d = BDict.builder().put("m", m.build()).put("v", client);
        requestQueue.ifPresent(q -> d.put("reqq", q));
        listenPort.ifPresent(p -> d.put("p", p));
        metadataSize.ifPresent(n -> d.put("metadata_size", n));
        return Bencode.encode(d.build());
    }

    /** Parses a peer's handshake leniently: unknown keys and odd types are ignored, only garbage fails. */
    public static ExtensionHandshake decode(byte[] payload) throws PeerProtocolException {
        BValue top;
        try {
            top = Bencode.decodePrefix(payload, 0, payload.length).value();
        } catch (BencodeException e) {
            throw new PeerProtocolException("bad extension handshake: " + e.getMessage());
        }
        if (!(top instanceof BDict d)) throw new PeerProtocolException("extension handshake is not a dictionary");
        Map<String, Integer> messages = new TreeMap<>();
        if (d.get("m").orElse(null) instanceof BDict m) {
            m.entries().forEach((k, v) -> {
                if (v instanceof BInt i && i.value() >= 0 && i.value() < 256) messages.put(k.utf8Lenient(), (int) i.value());
            });
        }
        String client = d.get("v").orElse(null) instanceof BBytes b ? b.utf8Lenient() : "";
        OptionalInt reqq = d.get("reqq").orElse(null) instanceof BInt i && i.value() > 0
                ? OptionalInt.of((int) Math.min(i.value(), 100_000)) : OptionalInt.empty();
        OptionalInt port = d.get("p").orElse(null) instanceof BInt i && i.value() > 0 && i.value() < 65536
                ? OptionalInt.of((int) i.value()) : OptionalInt.empty();
        OptionalLong metadataSize = d.get("metadata_size").orElse(null) instanceof BInt i
                ? OptionalLong.of(i.value()) : OptionalLong.empty();
        return new ExtensionHandshake(messages, client, reqq, port, metadataSize);
    }
}
