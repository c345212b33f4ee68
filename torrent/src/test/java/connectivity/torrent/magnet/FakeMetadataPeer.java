package connectivity.torrent.magnet;

import connectivity.torrent.peer.ExtensionHandshake;
import connectivity.torrent.peer.Handshake;
import connectivity.torrent.peer.Message;
import connectivity.torrent.peer.MetadataCodec;
import connectivity.torrent.peer.MetadataMessage;
import connectivity.torrent.peer.PeerId;
import connectivity.torrent.peer.WireCodec;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

/** A scripted peer on 127.0.0.1 that has (or claims to have) some metadata, and serves it as told. */
final class FakeMetadataPeer implements AutoCloseable {
    enum Behaviour { HONEST, CORRUPT, WRONG_TOTAL_SIZE, REJECT_FLOOD }

    private static final int THEIR_ID = 3;
    private final byte[] infoHash;
    private final byte[] metadata;
    private final long advertisedSize;
    private final Behaviour behaviour;
    private final ServerSocket server;
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();

    FakeMetadataPeer(byte[] infoHash, byte[] metadata, long advertisedSize, Behaviour behaviour) throws IOException {
        this.infoHash = infoHash;
        this.metadata = metadata;
        this.advertisedSize = advertisedSize;
        this.behaviour = behaviour;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", server.getLocalPort());
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setSoTimeout(20_000);
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            Handshake.read(in);
            Handshake.ours(infoHash, PeerId.random()).write(out);
            WireCodec.write(out, new Message.Extended(0, new ExtensionHandshake(Map.of("ut_metadata", THEIR_ID), "fake", OptionalInt.empty(),
                    OptionalInt.empty(), OptionalLong.of(advertisedSize)).encode()));
            out.flush();
            WireCodec codec = WireCodec.beforeMetadata();
            int ours = -1;
            while (true) {
                if (!(codec.read(in) instanceof Message.Extended e)) continue;
                if (e.extendedId() == 0) {
                    ours = ExtensionHandshake.decode(e.payload()).messages().get("ut_metadata");
                } else if (e.extendedId() == THEIR_ID && MetadataCodec.decode(e.payload()) instanceof MetadataMessage.Request r) {
                    requests.incrementAndGet();
                    for (MetadataMessage answer : answers(r.piece())) {
                        WireCodec.write(out, new Message.Extended(ours, MetadataCodec.encode(answer)));
                    }
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the fetch dropped us, or is done
        }
    }

    private MetadataMessage[] answers(int piece) {
        int from = piece * MetadataMessage.PIECE_SIZE;
        byte[] data = Arrays.copyOfRange(metadata, from, Math.min(metadata.length, from + MetadataMessage.PIECE_SIZE));
        return switch (behaviour) {
            case HONEST -> new MetadataMessage[] {new MetadataMessage.Data(piece, metadata.length, data)};
            case CORRUPT -> {
                data[data.length / 2] ^= 0x55;
                yield new MetadataMessage[] {new MetadataMessage.Data(piece, metadata.length, data)};
            }
            case WRONG_TOTAL_SIZE -> new MetadataMessage[] {new MetadataMessage.Data(piece, metadata.length + 1, data)};
            case REJECT_FLOOD -> {
                MetadataMessage[] flood = new MetadataMessage[1000];
                Arrays.fill(flood, new MetadataMessage.Reject(piece));
                yield flood;
            }
        };
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
