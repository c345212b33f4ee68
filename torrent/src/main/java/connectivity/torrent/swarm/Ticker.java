package connectivity.torrent.swarm;

import java.util.List;

/**
 * The swarm's periodic work, on two threads: every second the rates, each peer's idle, queue-depth and snub
 * checks, a fresh round of requests and the redials; every choke interval a {@link ChokeRound}.
 */
final class Ticker {
    private static final long TICK_MILLIS = 1000;

    private final SwarmState st;
    private final ChokeRound choking;
    private final Runnable[] everySecond;

    /** {@code everySecond}: more work for each tick (redials of hand-given and learned peers, PEX messages). */
    Ticker(SwarmState st, ChokeRound choking, Runnable... everySecond) {
        this.st = st;
        this.choking = choking;
        this.everySecond = everySecond.clone();
    }

    void tickLoop() {
        long last = st.now();
        while (!st.closed()) {
            try {
                Thread.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = st.now();
            tick(now, (now - last) / 1e9);
            last = now;
        }
    }

    /** One second's work, {@code seconds} after the last. */
    void tick(long now, double seconds) {
        st.down.tick(seconds);
        st.up.tick(seconds);
        List<PeerSession> snapshot;
        synchronized (st.lock) {
            snapshot = List.copyOf(st.sessions());
            for (PeerSession s : snapshot) s.tick(now, seconds);
        }
        for (PeerSession s : snapshot) s.fill();
        for (Runnable r : everySecond) r.run();
    }

    void chokeLoop() {
        while (!st.closed()) {
            try {
                Thread.sleep(st.config.chokeInterval().toMillis());
            } catch (InterruptedException e) {
                return;
            }
            synchronized (st.lock) {
                choking.run(st.now());
            }
        }
    }
}
