package connectivity.torrent.swarm;

import connectivity.torrent.peer.Message;
import java.util.ArrayList;
import java.util.List;

/** A peer's connection that writes nothing: it records what the session queued, and never drains it unless told. */
final class RecordingConnection implements PeerConnection {
    record Upload(int piece, int begin, int length) {}

    private final List<Object> queued = new ArrayList<>();
    private final ManualClock clock;
    private long lastRead;
    private volatile boolean closed;

    RecordingConnection(ManualClock clock) {
        this.clock = clock;
        this.lastRead = clock.getAsLong();
    }

    @Override
    public synchronized void send(Message m) {
        if (!closed) queued.add(m);
    }

    @Override
    public synchronized void upload(int piece, int begin, int length) {
        if (!closed) queued.add(new Upload(piece, begin, length));
    }

    @Override
    public synchronized int answersQueued() {
        return (int) queued.stream().filter(o -> o instanceof Upload || o instanceof Message.Reject).count();
    }

    @Override
    public synchronized long lastReadNanos() {
        return lastRead;
    }

    /** The peer sent something now. */
    synchronized void heard() {
        lastRead = clock.getAsLong();
    }

    @Override
    public void close() {
        closed = true;
    }

    boolean closed() {
        return closed;
    }

    /** What was queued since the last call, as if the writer had sent it. */
    synchronized List<Object> drain() {
        List<Object> out = List.copyOf(queued);
        queued.clear();
        return out;
    }

    synchronized <T> List<T> drain(Class<T> type) {
        return drain().stream().filter(type::isInstance).map(type::cast).toList();
    }
}
