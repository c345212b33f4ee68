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
        WireMessage notice = WireMessage.decode(frame);
        return new RemoteRefusal(notice.get("reason", "relay ended the call"));
    }

    /** The next message, which must exist and be of the given type (an ERROR becomes an exception). */
    public WireMessage expect(String type) throws IOException {
        WireMessage m = receive();
        if (m == null) throw new java.io.EOFException("connection closed by peer");
        if (m.is("ERROR")) throw new RemoteRefusal(m.get("reason", "refused"));
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
