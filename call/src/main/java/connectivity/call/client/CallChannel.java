package connectivity.call.client;

import connectivity.call.crypto.AuthenticationFailedException;
import connectivity.call.wire.CallProtocolException;
import connectivity.call.wire.InCallMessage;
import connectivity.call.wire.ProtocolCodec;
import connectivity.call.wire.WireMessage;
import connectivity.net.support.Interrupted;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The records of one call over one or more {@link Link}s, in order, each exactly once, while the call moves
 * between them (relay to direct, and back when direct dies).
 *
 * <p>Every record but PING, GOT and RESUME is numbered 1, 2, ... by its sender, across all links. A link taken
 * up mid-call starts with {@code RESUME{next}} and then carries every record the peer has not acknowledged
 * ({@code GOT{n}}, sent every {@link #ACK_EVERY} records and with each keep-alive), then new ones. The
 * receiver reads every link it holds and takes a record only if it is the next one it lacks, dropping those it
 * has: a record sent on the old link and again on the new one counts once, and one lost with a dead link
 * comes again on the next. Since a sender resends from its oldest unacknowledged record, which the receiver
 * has not passed by more than one, no link can skip ahead, so nothing waits out of order.
 *
 * <p>A sender holds at most {@link #WINDOW} unacknowledged records (it waits for GOT past that); replies the
 * reader itself sends (ACKs) do not wait, so two readers can never wait on each other. Readers never write.
 */
final class CallChannel {
    static final int WINDOW = 128;
    static final int ACK_EVERY = 16;
    /** Records received and not yet taken; a peer that keeps its window cannot fill it. */
    static final int INBOX = 4 * WINDOW;

    /** What the channel tells its call about its links. */
    interface Events {
        /** Sending moved from {@code from} to {@code to}: an upgrade we asked for, or a fallback. */
        void moved(Link from, Link to, boolean upgrade);

        /** A link we were not sending on went away ({@code why} may be null); the call goes on. */
        void lostSpare(Link link, IOException why);
    }

    /** A link being read: {@code next} is the number of its next numbered record, 0 until it says (RESUME). */
    private static final class Path {
        final Link link;
        long next;

        Path(Link link, long next) {
            this.link = link;
            this.next = next;
        }
    }

    private record Sent(long seq, WireMessage wire) {}

    /** The end of the records: a clean close ({@code error} null) or why the last link failed. */
    private record End(IOException error) {}

    private final Events events;
    private final ReentrantLock sendLock = new ReentrantLock();
    private final Condition windowOpen = sendLock.newCondition();
    private final ArrayDeque<Sent> unacked = new ArrayDeque<>(); // guarded by sendLock
    private long sent; // guarded by sendLock
    private final List<Path> paths = new CopyOnWriteArrayList<>();
    private volatile Path current;
    private final Object receiveLock = new Object();
    private long got; // guarded by receiveLock
    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private long taken;
    private volatile long lastAcked;
    private volatile Duration readTimeout;
    private volatile boolean closed;
    private volatile boolean finishing;

    CallChannel(Link first, Events events) {
        this.events = events;
        Path p = new Path(first, 1);
        paths.add(p);
        current = p;
    }

    /** Starts reading the first link; the others are read from {@link #add}. */
    void start() {
        read(current);
    }

    /** The path the call sends on now. */
    String path() {
        return current.link.path();
    }

    /** Where the link we send on leads. */
    java.net.InetSocketAddress remote() {
        return current.link.remote();
    }

    /** Links held (the one we send on and spares). */
    int links() {
        return paths.size();
    }

    /**
     * Takes up {@code link}, authenticated for this call: read at once, and sent on from now if {@code sendOnIt}
     * (the old link stays as a spare to fall back on).
     */
    void add(Link link, boolean sendOnIt) throws IOException {
        if (closed || finishing) {
            link.close();
            return;
        }
        Path p = new Path(link, 0);
        Duration t = readTimeout;
        if (t != null) link.readTimeout(t);
        paths.add(p);
        read(p);
        if (sendOnIt) moveTo(p, true);
    }

    /** Sends {@code m}; a numbered record waits while {@link #WINDOW} are unacknowledged unless it is a {@code reply}. */
    void send(InCallMessage m, boolean reply) throws IOException {
        WireMessage wire = ProtocolCodec.encode(m);
        if (!numbered(m)) {
            current.link.send(wire);
            return;
        }
        sendLock.lock();
        try {
            while (!reply && unacked.size() >= WINDOW && !closed) windowOpen.await(); // woken by GOT or the end
            if (closed) throw new IOException("call ended");
            long seq = ++sent;
            unacked.addLast(new Sent(seq, wire));
            try {
                current.link.send(wire);
            } catch (IOException e) {
                // Kept in unacked: the reader sees the broken link and resends it on the next, or ends the call.
                if (closed) throw e;
            }
        } catch (InterruptedException e) {
            throw Interrupted.io(e);
        } finally {
            sendLock.unlock();
        }
    }

    /** A keep-alive on every link (so a spare that dies is noticed too), with a GOT if there is news. */
    void ping(InCallMessage.Ping ping) {
        long t = taken;
        boolean ack = t > lastAcked;
        WireMessage wire = ProtocolCodec.encode(ping);
        WireMessage got = ProtocolCodec.encode(new InCallMessage.Got(t));
        for (Path p : paths) {
            try {
                if (ack) p.link.send(got);
                p.link.send(wire);
            } catch (IOException e) {
                // its reader notices
            }
        }
        if (ack) lastAcked = t;
    }

    /** The next record for the call, in order: null after a clean close, or the last link's failure thrown. */
    InCallMessage receive() throws IOException {
        Object o;
        try {
            o = inbox.take(); // bounded: every link has a read timeout, and the last one's end is queued
        } catch (InterruptedException e) {
            throw Interrupted.io(e);
        }
        if (o instanceof End end) {
            inbox.add(end); // stays the answer
            if (end.error() != null) throw end.error();
            return null;
        }
        InCallMessage m = (InCallMessage) o;
        if (numbered(m) && ++taken % ACK_EVERY == 0) {
            lastAcked = taken;
            try {
                current.link.send(ProtocolCodec.encode(new InCallMessage.Got(taken)));
            } catch (IOException e) {
                // its reader notices
            }
        }
        return m;
    }

    void readTimeout(Duration timeout) throws IOException {
        readTimeout = timeout;
        for (Path p : paths) p.link.readTimeout(timeout);
    }

    /** Hanging up: nothing more from us on any link, and no moving from link to link any more. */
    void shutdownOutput() {
        finishing = true;
        for (Path p : paths) {
            try {
                p.link.shutdownOutput();
            } catch (IOException e) {
                // already gone
            }
        }
    }

    void close() {
        closed = true;
        for (Path p : paths) p.link.close();
        sendLock.lock();
        try {
            windowOpen.signalAll();
        } finally {
            sendLock.unlock();
        }
    }

    private static boolean numbered(InCallMessage m) {
        return !(m instanceof InCallMessage.Ping || m instanceof InCallMessage.Got || m instanceof InCallMessage.Resume);
    }

    private void read(Path p) {
        Thread.ofVirtual().name("call-link-" + p.link.path()).start(() -> readLoop(p));
    }

    private void readLoop(Path p) {
        try {
            while (true) {
                WireMessage wire = p.link.receive();
                if (wire == null) {
                    lost(p, null);
                    return;
                }
                InCallMessage m = ProtocolCodec.inCall(wire);
                switch (m) {
                    case InCallMessage.Got g -> acked(g.count());
                    case InCallMessage.Resume r -> {
                        if (r.next() < 1) throw new CallProtocolException("RESUME before record 1");
                        p.next = r.next();
                    }
                    case InCallMessage.Ping ping -> inbox.add(ping);
                    default -> arrived(p, m);
                }
            }
        } catch (AuthenticationFailedException | CallProtocolException e) {
            end(e); // tampering or garbage on any link ends the call
        } catch (IOException e) {
            lost(p, e);
        }
    }

    private void arrived(Path p, InCallMessage m) throws CallProtocolException {
        if (p.next == 0) throw new CallProtocolException("a record before RESUME on a new path");
        long seq = p.next++;
        synchronized (receiveLock) {
            if (seq <= got) return; // had it already, from the other link
            if (seq != got + 1) throw new CallProtocolException("record " + seq + " came before " + (got + 1));
            if (inbox.size() >= INBOX) throw new CallProtocolException("peer sent past its window");
            got = seq;
            inbox.add(m);
        }
    }

    private void acked(long n) throws CallProtocolException {
        sendLock.lock();
        try {
            if (n > sent) throw new CallProtocolException("GOT " + n + " but only " + sent + " were sent");
            while (!unacked.isEmpty() && unacked.peekFirst().seq() <= n) unacked.removeFirst();
            windowOpen.signalAll();
        } finally {
            sendLock.unlock();
        }
    }

    /** A link failed or closed: the call moves to another if it was sending on it, or ends with the last. */
    private void lost(Path p, IOException why) {
        paths.remove(p);
        p.link.close(); // unblocks a sender stuck writing to it
        if (closed) return;
        if (paths.isEmpty()) {
            end(why);
            return;
        }
        if (p != current) {
            events.lostSpare(p.link, why);
            return;
        }
        if (!finishing) moveTo(paths.get(0), false);
    }

    /** From now on we send on {@code to}: RESUME, every record not yet acknowledged, then new ones. */
    private void moveTo(Path to, boolean upgrade) {
        Link from;
        sendLock.lock();
        try {
            from = current.link;
            current = to;
            long first = unacked.isEmpty() ? sent + 1 : unacked.peekFirst().seq();
            to.link.send(ProtocolCodec.encode(new InCallMessage.Resume(first)));
            for (Sent s : unacked) to.link.send(s.wire());
        } catch (IOException e) {
            to.link.close(); // its reader notices and moves on again (or ends the call)
            return;
        } finally {
            sendLock.unlock();
        }
        if (from != to.link) events.moved(from, to.link, upgrade);
    }

    private void end(IOException why) {
        inbox.add(new End(why));
    }
}
