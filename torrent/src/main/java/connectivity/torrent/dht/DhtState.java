package connectivity.torrent.dht;

import connectivity.net.support.AtomicFiles;
import connectivity.torrent.bencode.BBytes;
import connectivity.torrent.bencode.BDict;
import connectivity.torrent.bencode.Bencode;
import connectivity.torrent.bencode.BencodeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a node keeps across restarts: its ID and the nodes of its routing table, as a bencoded dictionary
 * ({@code id}, {@code nodes}, {@code nodes6} in compact form), written atomically. A restarted node pings these
 * first and is back in the DHT within its first round trips.
 */
public record DhtState(NodeId id, List<Contact> nodes) {
    /** A state file larger than this is not read (a full table is about 40 KiB). */
    static final int MAX_BYTES = 1 << 20;

    public DhtState {
        nodes = List.copyOf(nodes);
    }

    public byte[] encode() {
        return Bencode.encode(BDict.builder().put("id", id.bytes()).put("nodes", Contact.encodeAll(nodes, false))
                .put("nodes6", Contact.encodeAll(nodes, true)).build());
    }

    public static DhtState decode(byte[] bytes) throws IOException {
        try {
            BDict d = Bencode.decodeDict(bytes);
            byte[] id = d.get("id").filter(v -> v instanceof BBytes).map(v -> ((BBytes) v).bytes())
                    .orElseThrow(() -> new IOException("no id"));
            if (id.length != NodeId.LENGTH) throw new IOException("id is not 20 bytes");
            List<Contact> nodes = new ArrayList<>();
            for (String key : List.of("nodes", "nodes6")) {
                Optional<byte[]> b = d.get(key).filter(v -> v instanceof BBytes).map(v -> ((BBytes) v).bytes());
                if (b.isPresent()) nodes.addAll(Contact.decodeAll(b.get(), key.equals("nodes6"), Integer.MAX_VALUE));
            }
            return new DhtState(new NodeId(id), nodes);
        } catch (BencodeException | KrpcException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The saved state, or empty when there is no file yet; a damaged file is an IOException. */
    public static Optional<DhtState> read(Path file) throws IOException {
        try {
            if (Files.size(file) > MAX_BYTES) throw new IOException("state file larger than " + MAX_BYTES + " bytes");
            return Optional.of(decode(Files.readAllBytes(file)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    public void write(Path file) throws IOException {
        AtomicFiles.write(file, encode(), AtomicFiles.Access.SHARED);
    }
}
