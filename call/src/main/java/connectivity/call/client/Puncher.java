package connectivity.call.client;

import connectivity.net.Connection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP simultaneous open: both sides dial each other at the same moment, each from the port its NAT already
 * mapped (and the peer learned through the rendezvous), so each NAT sees its own outgoing SYN before the peer's
 * arrives and lets that in as the answer. Linux turns two crossing SYNs into one connection on which neither side
 * accepted, so which side leads the call's handshake is decided by the call (the caller), not by the socket.
 *
 * <p>A SYN that reaches the peer's NAT before the peer's own has left is refused or dropped there; the dial is
 * repeated from the same port, paced, until {@code window} is over.
 */
final class Puncher {
    /** Between two dials after a refusal: the peer's SYN is on its way, give it a moment. */
    static final Duration PACE = Duration.ofMillis(25);
    /** One dial: the peer's NAT may drop a SYN silently, and the kernel's first SYN retransmit is a second away. */
    static final Duration DIAL = Duration.ofMillis(1500);

    private Puncher() {}

    /** Dials {@code peer} from {@code local}:{@code port} until a connection is up or {@code window} has passed. */
    static Connection open(InetAddress local, int port, InetSocketAddress peer, Duration window) throws IOException {
        long end = System.nanoTime() + window.toNanos();
        IOException last = null;
        int dials = 0;
        while (System.nanoTime() < end) {
            long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
            Socket s = NatProbe.bound(local, port);
            dials++;
            try {
                s.connect(peer, (int) Math.max(1, Math.min(DIAL.toMillis(), left)));
                return new Connection(s);
            } catch (IOException e) {
                s.close();
                last = e;
                LockSupport.parkNanos(PACE.toNanos()); // pacing the dials, not waiting for anyone
            }
        }
        throw new IOException("no connection to " + Addresses.format(peer) + " after " + dials + " dials in "
                + window.toMillis() + " ms" + (last != null ? " (" + last.getMessage() + ")" : ""));
    }
}
