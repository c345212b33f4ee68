package connectivity.call.rendezvous;

import connectivity.call.crypto.Identity;
import connectivity.call.wire.Frames;
import connectivity.call.wire.Labels;
import connectivity.call.wire.MessageChannel;
import connectivity.call.wire.WireMessage;
import connectivity.net.Connection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A hand-driven rendezvous client: one login on one connection, for tests that watch single messages. */
final class RawClient implements AutoCloseable {
    static final Duration T = Duration.ofSeconds(5);
    final Connection connection;
    final MessageChannel channel;

    private RawClient(Connection connection) {
        this.connection = connection;
        this.channel = new MessageChannel(connection, Frames.MAX_CONTROL);
    }

    /** Logs in as {@code name} (not listening, so no dial-back) and returns the server's answer (WELCOME). */
    static RawClient login(int port, String name, Identity id) throws IOException {
        RawClient c = new RawClient(Connection.dial("127.0.0.1", port, T));
        try {
            c.connection.readTimeout(T);
            WireMessage challenge = c.channel.expect("CHALLENGE");
            byte[] sig = id.sign(Labels.login(), challenge.getBytes("nonce"), name.getBytes(StandardCharsets.UTF_8));
            c.channel.send(WireMessage.of("LOGIN", "name", name, "id", WireMessage.b64(id.publicKeyBytes()), "sig",
                    WireMessage.b64(sig), "port", "0", "lan", "", "reachable", "false"));
            c.channel.expect("WELCOME");
            return c;
        } catch (IOException e) {
            c.close();
            throw e;
        }
    }

    /** PING; the answer (PONG) or the refusal it got instead, as an exception. */
    void ping() throws IOException {
        channel.send(WireMessage.of("PING"));
        channel.expect("PONG");
    }

    @Override
    public void close() {
        channel.close();
    }
}
