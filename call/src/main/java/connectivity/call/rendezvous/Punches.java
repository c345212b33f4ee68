package connectivity.call.rendezvous;

import connectivity.call.wire.RendezvousMessage;
import connectivity.call.wire.RendezvousMessage.Punch;
import connectivity.call.wire.RendezvousMessage.PunchSync;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Passes hole-punching messages between two users in a call (the call is already up, on the relay, so the
 * rendezvous no longer tracks it): rewritten to name their sender, only with an address at the sender's own
 * public IP (so nobody can make a peer dial a third party), and at most {@link #PER_MINUTE} per session.
 */
final class Punches {
    static final int PER_MINUTE = 30;

    private final Map<Long, long[]> windows = new ConcurrentHashMap<>(); // session id -> {minute, count}

    /** What to pass to {@code m}'s peer, or null to drop it. */
    RendezvousMessage pass(Session from, RendezvousMessage m, long nowMillis) {
        long minute = nowMillis / 60_000;
        long[] w = windows.compute(from.id(), (k, v) -> v == null || v[0] != minute ? new long[] {minute, 1} : new long[] {minute, v[1] + 1});
        if (w[1] > PER_MINUTE) return null;
        return switch (m) {
            case Punch p -> ownAddress(from, p.address()) ? new Punch(p.call(), from.name(), p.address(), p.nat()) : null;
            case PunchSync p -> new PunchSync(p.call(), from.name());
            default -> null;
        };
    }

    void forget(Session s) {
        windows.remove(s.id());
    }

    private static boolean ownAddress(Session from, String address) {
        int colon = address.lastIndexOf(':');
        return colon > 0 && address.substring(0, colon).equals(from.presence().publicIp());
    }
}
