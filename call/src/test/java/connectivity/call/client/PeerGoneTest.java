package connectivity.call.client;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.call.crypto.SecureChannel;
import connectivity.call.wire.WireMessage;
import connectivity.net.Connection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer whose process dies mid-call: its kernel closes the socket with a FIN or a RST (a RST when
 * data it never read was still queued). Either way the user is told the same thing.
 */
@Timeout(30)
class PeerGoneTest {
    static final String GONE = "connection reset (bob went away without hanging up)";

    @TempDir
    Path dir;

    @Test
    void aCleanCloseWithoutByeReadsAsConnectionReset() throws Exception {
        assertThat(endReasonWhenBobVanishes(false)).isEqualTo(GONE);
    }

    @Test
    void aResetReadsTheSame() throws Exception {
        assertThat(endReasonWhenBobVanishes(true)).isEqualTo(GONE);
    }

    private String endReasonWhenBobVanishes(boolean reset) throws Exception {
        byte[] k1 = new byte[32];
        byte[] k2 = new byte[32];
        k2[0] = 1;
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Socket aliceSocket = new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort());
            Socket bobSocket = ss.accept();
            Lab.Recorder aliceEvents = new Lab.Recorder(false);
            Call alicesCall = new Call("c1", "bob", "direct", true, new SecureChannel(new Connection(aliceSocket), k1, k2),
                    aliceEvents, dir, CallClientConfig.DEFAULT_CALL_PING);
            Thread reader = Thread.ofVirtual().start(alicesCall::run);
            SecureChannel bob = new SecureChannel(new Connection(bobSocket), k2, k1);
            // bob reads alice's chat line but never answers: he is "killed" with it acknowledged or not
            alicesCall.chat("are you there?");
            WireMessage m;
            do {
                m = bob.receive(); // alice's first keep-alive PING may come before her chat line
            } while (m.is("PING"));
            assertThat(m.get("text")).isEqualTo("are you there?");
            if (reset) bobSocket.setSoLinger(true, 0); // close() then sends a RST, as a killed process with unread data does
            bobSocket.close();
            String reason = aliceEvents.ended.poll(10, TimeUnit.SECONDS);
            assertThat(alicesCall.isEnded()).isTrue();
            assertThat(alicesCall.endedNormally()).isFalse();
            reader.join(Duration.ofSeconds(5));
            return reason;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
