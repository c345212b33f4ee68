package connectivity.torrent.tracker.udp;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a UDP tracker client waits (BEP 15): a request unanswered for {@code base * 2^n} is sent again, n
 * counting retransmissions up to {@code maxRetransmits}; a connection id is reused for {@code connectionIdLifetime}.
 */
public record UdpTimings(Duration base, int maxRetransmits, Duration connectionIdLifetime) {
    /** BEP 15 to the letter: 15 s doubling up to n = 8, so a dead tracker is given up after about 2 hours. */
    public static final UdpTimings BEP_15 = new UdpTimings(Duration.ofSeconds(15), 8, Duration.ofMinutes(1));
    /**
     * BEP 15's 15 s back-off, given up after n = 2 (15 + 30 + 60 s): a swarm waits for one announce before trying
     * the next tracker of its list, and two hours on a dead one would leave it without peers.
     */
    public static final UdpTimings DEFAULT = new UdpTimings(Duration.ofSeconds(15), 2, Duration.ofMinutes(1));

    public UdpTimings {
        Objects.requireNonNull(base);
        Objects.requireNonNull(connectionIdLifetime);
        if (base.toMillis() < 1 || maxRetransmits < 0 || maxRetransmits > 16) throw new IllegalArgumentException("bad UDP tracker timings");
    }

    /** The wait after the n-th transmission (n from 0). */
    public Duration wait(int n) {
        return base.multipliedBy(1L << n);
    }

    /** The longest one request can take, all retransmissions included. */
    public Duration giveUpAfter() {
        return base.multipliedBy((1L << (maxRetransmits + 1)) - 1);
    }
}
