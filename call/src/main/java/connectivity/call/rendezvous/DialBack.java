package connectivity.call.rendezvous;

import connectivity.call.wire.Frames;
import connectivity.call.wire.ListenerMessage;
import connectivity.call.wire.MessageChannel;
import connectivity.call.wire.ProtocolCodec;
import connectivity.net.Connection;
import java.io.IOException;
import java.time.Duration;

/** The reachability probe: dials back to a client's listening port, which must answer with this login's nonce. */
final class DialBack {
    private DialBack() {}

    static boolean answers(String ip, int port, String expected, Duration timeout) {
        try (Connection c = Connection.dial(ip, port, timeout)) {
            c.readTimeout(timeout);
            MessageChannel ch = new MessageChannel(c, Frames.MAX_CONTROL);
            ch.send(new ListenerMessage.Probe());
            return ch.expect(ProtocolCodec::listener, ListenerMessage.ProbeOk.class).probe().equals(expected);
        } catch (IOException e) {
            return false;
        }
    }
}
