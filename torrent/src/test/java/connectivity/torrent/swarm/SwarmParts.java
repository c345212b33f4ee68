package connectivity.torrent.swarm;

import connectivity.torrent.peer.Handshake;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A swarm's parts wired as {@link Swarm} wires them, without sockets or files: sessions talk through
 * {@link RecordingConnection}s, the disk threads hand batches straight to {@link PieceCompletion}, and a piece is
 * good unless the test says it is bad. Time is a {@link ManualClock}.
 */
final class SwarmParts implements AutoCloseable {
    final TestTorrent torrent;
    final ManualClock clock = new ManualClock();
    final SwarmState st;
    final PieceCompletion completion;
    final ChokeRound choking;
    final BlockWriter disk;
    final Set<Integer> badPieces = Collections.synchronizedSet(new HashSet<>());
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    int completions;
    private int next;

    SwarmParts(TestTorrent torrent, SwarmConfig config, BitSet have) {
        this.torrent = torrent;
        SwarmEvents recorder = new SwarmEvents() {
            @Override
            public void pieceVerified(int piece, String fromPeer) {
                events.add("verified " + piece + " from " + fromPeer);
            }

            @Override
            public void pieceFailed(int piece, String fromPeers) {
                events.add("failed " + piece + " from " + fromPeers);
            }

            @Override
            public void peerBanned(String peer) {
                events.add("banned " + peer);
            }
        };
        st = new SwarmState(torrent.layout, torrent.infoHash, "-CN0001-ourselves0000".substring(0, 20).getBytes(), have, config,
                recorder, clock, new Random(1));
        completion = new PieceCompletion(st, null, (piece, hasher) -> !badPieces.contains(piece), () -> completions++);
        choking = new ChokeRound(st, completion::isComplete);
        disk = new BlockWriter(completion::store);
    }

    static BitSet none() {
        return new BitSet();
    }

    static BitSet all(TestTorrent t) {
        BitSet b = new BitSet();
        b.set(0, t.layout.pieceCount());
        return b;
    }

    /** A peer handshaken and admitted, speaking the fast extension or not; its connection records what we send. */
    record Peer(PeerSession session, RecordingConnection wire) {}

    Peer admit(boolean fast) {
        byte[] reserved = new byte[8];
        if (fast) reserved[7] |= 0x04;
        return admit(fast, reserved);
    }

    Peer admit(boolean fast, byte[] reserved) {
        return admit(reserved, true, Extensions.none());
    }

    /** A peer at 127.0.0.(n+2), port 6881 if we dialled it, an ephemeral port if it dialled us; our extensions as given. */
    Peer admit(byte[] reserved, boolean outgoing, Extensions extensions) {
        int n = next++;
        byte[] id = String.format("-XX0001-peer%08d", n).getBytes();
        Handshake h = new Handshake(reserved, torrent.infoHash, id);
        PeerIdentity identity = PeerIdentity.of(new InetSocketAddress("127.0.0." + (n + 2), outgoing ? 6881 : 50000 + n), h, outgoing);
        RecordingConnection c = new RecordingConnection(clock);
        PeerSession s = new PeerSession(st, identity, c, completion, choking, extensions, null, disk);
        synchronized (st.lock) {
            st.add(s);
            s.opened(java.util.OptionalInt.empty(), false);
        }
        return new Peer(s, c);
    }

    @Override
    public void close() {
        st.markClosed();
        disk.stop(java.time.Duration.ofSeconds(5));
    }
}
