package connectivity.call.client;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.call.crypto.ChannelHandshake;
import connectivity.call.crypto.Identity;
import connectivity.call.crypto.SecureChannel;
import connectivity.net.Connection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A path that alters one byte mid-call (as a hostile relay might): the call ends, saying why. */
@Timeout(30)
class TamperedCallTest {
    static final Duration T = Duration.ofSeconds(5);
    volatile boolean tamper;

    @TempDir
    Path dir;

    @Test
    void aTamperedRecordEndsTheCallWithAuthenticationFailure() throws Exception {
        Identity alice = Identity.generate();
        Identity bob = Identity.generate();
        Connection[] left = pair();
        Connection[] right = pair();
        Thread.ofVirtual().start(() -> forward(left[1], right[0], true));
        Thread.ofVirtual().start(() -> forward(right[0], left[1], false));
        CompletableFuture<ChannelHandshake.Result> responder = CompletableFuture.supplyAsync(() -> {
            try {
                return ChannelHandshake.respond(right[1], bob, "bob", alice.publicKeyBytes(), "c1", T);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        SecureChannel a = ChannelHandshake.initiate(left[0], alice, "alice", bob.publicKeyBytes(), "c1", "relay", T);
        Lab.Recorder bobEvents = new Lab.Recorder(false);
        Call bobsCall = new Call("c1", "alice", "relay", false, responder.get(10, TimeUnit.SECONDS).channel(), bobEvents, dir,
                CallClientConfig.DEFAULT_CALL_PING);
        Call alicesCall = new Call("c1", "bob", "relay", true, a, new Lab.Recorder(false), dir,
                CallClientConfig.DEFAULT_CALL_PING);
        Thread.ofVirtual().start(bobsCall::run);
        Thread.ofVirtual().start(alicesCall::run);

        assertThat(alicesCall.chat("first, untouched").get(5, TimeUnit.SECONDS).ok()).isTrue();
        tamper = true;
        alicesCall.chat("second, altered on the way");
        assertThat(bobEvents.ended.poll(5, TimeUnit.SECONDS)).isEqualTo("message authentication failed");
        assertThat(bobEvents.chats).containsExactly("first, untouched");
        assertThat(alicesCall.awaitEnd(T)).isTrue(); // bob closed, so alice's side ends too
        for (Connection c : new Connection[] {left[0], left[1], right[0], right[1]}) c.close();
    }

    private static Connection[] pair() throws IOException {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Socket s = new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort());
            return new Connection[] {new Connection(s), new Connection(ss.accept())};
        }
    }

    /** Forwards frame by frame; once {@code tamper} is set, flips one bit in the next frame going right. */
    private void forward(Connection from, Connection to, boolean rightwards) {
        try {
            while (true) {
                byte[] header = from.input().readNBytes(4);
                if (header.length < 4) break;
                int len = ((header[0] & 0xff) << 24) | ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8) | (header[3] & 0xff);
                byte[] body = from.input().readNBytes(len);
                if (rightwards && tamper) {
                    body[len - 1] ^= 0x40;
                    tamper = false;
                }
                to.output().write(header);
                to.output().write(body);
                to.output().flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            to.close();
        }
    }
}
