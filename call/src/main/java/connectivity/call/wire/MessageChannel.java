package connectivity.call.wire;

import connectivity.net.Connection;
import java.io.Closeable;
import java.io.IOException;

/** Plain framed messages over a connection; writes are serialised so several threads may send. */
public final class MessageChannel implements Closeable {
    private final Connection connection;
    private final int maxFrame;
    private final Object writeLock = new Object();

    public MessageChannel(Connection connection, int maxFrame) {
        this.connection = connection;
        this.maxFrame = maxFrame;
    }

    public void send(ProtocolMessage m) throws IOException {
        send(ProtocolCodec.encode(m));
    }

    public void send(WireMessage m) throws IOException {
        byte[] encoded = m.encode();
        synchronized (writeLock) {
            Frames.write(connection.output(), encoded);
            connection.output().flush();
        }
    }

    /** The next message, or null when the peer closed cleanly. */
    public WireMessage receive() throws IOException {
        byte[] frame = Frames.read(connection.input(), maxFrame);
        if (frame != null && frame.length == 0) throw relayNotice(connection);
        return frame == null ? null : WireMessage.decode(frame);
    }

    /**
     * An empty frame never carries data: a relay sends one, then a plain RELAY_NOTICE, to say why it
     * is ending the call (a limit was hit). It is not authenticated and only explains a close.
     */
    public static RemoteRefusal relayNotice(Connection connection) throws IOException {
        byte[] frame = Frames.read(connection.input(), Frames.MAX_CONTROL);
        if (frame == null) return new RemoteRefusal("relay ended the call");
        String reason = ProtocolCodec.relay(WireMessage.decode(frame)) instanceof RelayMessage.Notice n ? n.reason() : null;
        return new RemoteRefusal(reason != null ? reason : "relay ended the call");
    }

    /** Decodes one family of messages (e.g. {@code ProtocolCodec::rendezvous}). */
    @FunctionalInterface
    public interface Decoder<F extends ProtocolMessage> {
        F decode(WireMessage m) throws CallProtocolException;
    }

    /** The next message of the family, which must exist (or null on a clean close). */
    public <F extends ProtocolMessage> F receive(Decoder<F> decoder) throws IOException {
        WireMessage m = receive();
        return m == null ? null : decoder.decode(m);
    }

    /** The next message, which must exist and be a {@code type} (a {@link Refusal} becomes an exception). */
    public <F extends ProtocolMessage, T extends F> T expect(Decoder<F> decoder, Class<T> type) throws IOException {
        F m = receive(decoder);
        if (m == null) throw new java.io.EOFException("connection closed by peer");
        if (m instanceof Refusal r) throw new RemoteRefusal(r.reasonOr("refused"));
        if (!type.isInstance(m)) {
            throw new CallProtocolException("expected " + type.getSimpleName() + " but got " + ProtocolCodec.typeName(m));
        }
        return type.cast(m);
    }

    /** The raw form, for tests that play a misbehaving peer: the next message must be of wire type {@code type}. */
    public WireMessage expect(String type) throws IOException {
        WireMessage m = receive();
        if (m == null) throw new java.io.EOFException("connection closed by peer");
        if (ProtocolCodec.isRefusal(m)) throw new RemoteRefusal(m.get("reason", "refused"));
        if (!m.is(type)) throw new CallProtocolException("expected " + type + " but got " + m.type());
        return m;
    }

    public Connection connection() {
        return connection;
    }

    @Override
    public void close() {
        connection.close();
    }

    /** The far side said no, with a reason meant for the user. */
    public static final class RemoteRefusal extends IOException {
        public RemoteRefusal(String reason) {
            super(reason);
        }
    }
}
