package connectivity.torrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import connectivity.net.Connection;
import connectivity.torrent.peer.Handshake;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The connector's count of connections against the peer cap: a peer we dialled counts once, connected or not. */
@Timeout(30)
class ConnectorTest {
    private static final int MAX_PEERS = 3;

    private final TestTorrent torrent = TestTorrent.single(61, 16 * 1024, 4 * 16 * 1024);
    private final SwarmParts parts = new SwarmParts(torrent, TestTorrent.config().toBuilder().maxPeers(MAX_PEERS).build(), SwarmParts.none());
    private final Connector connector = new Connector(parts.st, parts.completion, parts.choking,
            (id, link) -> new PeerSession(parts.st, id, link, parts.completion, parts.choking, Extensions.none(), null, parts.disk),
            new BlockReader(null, torrent.layout, new Throttle(0)));
    private final List<AutoCloseable> closeMe = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (PeerSession s : parts.st.snapshot()) s.close();
        for (AutoCloseable c : closeMe.reversed()) c.close();
        parts.close();
    }

    @Test
    void aDialledPeerOnceConnectedTakesOneSlotNotTwo() throws Exception {
        InetSocketAddress peer = peerThatAnswers();
        connector.connectTo(List.of(peer));
        await().atMost(Duration.ofSeconds(10)).until(() -> sessions() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !connector.dialing());
        assertThat(connector.room()).isEqualTo(MAX_PEERS - 1);
        assertThat(connector.connectedOrDialing(peer)).isTrue(); // still known as connected: not dialled again
    }

    @Test
    void anAdoptedConnectionOnceAdmittedTakesOneSlotNotTwo() throws Exception {
        InetSocketAddress peer = peerThatAnswers();
        Connection c = Connection.dial(peer, Duration.ofSeconds(5));
        closeMe.add(c);
        Handshake.ours(torrent.infoHash, parts.st.ourId).write(c.output());
        Handshake theirs = Handshake.read(c.input());
        connector.adopt(new OpenPeer(c, theirs, new byte[0]));
        await().atMost(Duration.ofSeconds(10)).until(() -> sessions() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !connector.dialing());
        assertThat(connector.room()).isEqualTo(MAX_PEERS - 1);
    }

    private int sessions() {
        synchronized (parts.st.lock) {
            return parts.st.sessions().size();
        }
    }

    /** A peer on 127.0.0.1 that answers one handshake for the torrent and then reads until the connection closes. */
    private InetSocketAddress peerThatAnswers() throws IOException {
        ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        closeMe.add(server);
        Thread t = Thread.ofVirtual().start(() -> {
            try (Socket s = server.accept()) {
                closeMe.add(s);
                InputStream in = s.getInputStream();
                Handshake.read(in);
                Handshake.ours(torrent.infoHash, "-XX0001-connectortest".substring(0, 20).getBytes()).write(s.getOutputStream());
                byte[] sink = new byte[4096];
                while (in.read(sink) >= 0) {
                    // what the connector sends after the handshake
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        closeMe.add(t::interrupt);
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }
}
