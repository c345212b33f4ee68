package connectivity.call.relay;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.call.wire.Frames;
import connectivity.call.wire.ProtocolCodec;
import connectivity.call.wire.RelayMessage;
import connectivity.call.wire.WireMessage;
import connectivity.net.Connection;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RelayPumpTest {
    /**
     * A side that is still sending when the duration cap ends the call gets the notice, and its writes do not fail
     * before it has read it: the relay reads (and drops) what the side still sends until it closes, instead of
     * closing with its frames unread, which resets the connection.
     */
    @Test
    @Timeout(30)
    void aSideStillSendingWhenTheCapHitsReadsTheNoticeNotAReset() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 2, InetAddress.getLoopbackAddress());
                Socket alice = new Socket(server.getInetAddress(), server.getLocalPort());
                Connection relayA = new Connection(server.accept());
                Socket bob = new Socket(server.getInetAddress(), server.getLocalPort());
                Connection relayB = new Connection(server.accept())) {
            alice.setSoTimeout(10_000);
            bob.setSoTimeout(10_000);
            AtomicBoolean sending = new AtomicBoolean(true);
            AtomicReference<String> writeFailed = new AtomicReference<>();
            Thread chatter = Thread.ofVirtual().start(() -> { // alice never pauses: her frames are always in flight
                try {
                    OutputStream out = alice.getOutputStream();
                    byte[] frame = new byte[4 + 200];
                    System.arraycopy(Frames.header(200), 0, frame, 0, 4);
                    frame[4] = 1;
                    while (sending.get()) out.write(frame);
                } catch (IOException e) {
                    // A client whose write fails ends the call with that failure ("connection reset"), whatever the
                    // relay meant to tell it: the relay must not reset a side it has just told why the call ends.
                    if (sending.get()) writeFailed.set(e.toString());
                }
            });
            Thread drainBob = Thread.ofVirtual().start(() -> readUntilNotice(bob));
            RelayPump pump = new RelayPump(relayA, relayB, Long.MAX_VALUE, Duration.ofMillis(300), Duration.ofSeconds(20));
            Thread relay = Thread.ofVirtual().start(() -> {
                try {
                    pump.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });

            String aliceHeard = readUntilNotice(alice);
            sending.set(false);
            alice.shutdownOutput();
            bob.close();
            relay.join(Duration.ofSeconds(15));
            chatter.join(Duration.ofSeconds(5));
            drainBob.join(Duration.ofSeconds(5));
            assertThat(aliceHeard).isEqualTo("relay limit reached: calls may last at most 0 s");
            assertThat(writeFailed.get()).as("alice's writes while she read the notice").isNull();
        }
    }

    /** Reads frames until the relay's notice (an empty frame, then the notice); returns its reason or the failure. */
    private static String readUntilNotice(Socket s) {
        try {
            DataInputStream in = new DataInputStream(s.getInputStream());
            while (true) {
                int length = Frames.readLength(in, Frames.MAX_RECORD);
                if (length < 0) return "end of stream before the notice";
                if (length == 0) {
                    WireMessage m = WireMessage.decode(Frames.read(in, Frames.MAX_RECORD));
                    return ((RelayMessage.Notice) ProtocolCodec.relay(m)).reason();
                }
                in.skipNBytes(length);
            }
        } catch (IOException e) {
            return "failed: " + e;
        }
    }
}
