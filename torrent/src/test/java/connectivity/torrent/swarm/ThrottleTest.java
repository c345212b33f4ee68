package connectivity.torrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The token buckets and their hierarchy, on a manual clock: a wait moves the clock instead of sleeping. */
@Timeout(20)
class ThrottleTest {
    private static final int BLOCK = 16 * 1024;
    private static final long SECOND = 1_000_000_000L;

    /** Time moves only when a caller waits: by exactly what it waits. */
    static final class StepClock implements Throttle.Clock {
        long now = 1_000 * SECOND;

        public long nanoTime() {
            return now;
        }

        public void await(Condition c, long nanos) {
            now += nanos;
        }
    }

    /** Bytes {@code t} lets through in {@code seconds} of the clock, one block at a time. */
    private static long moved(StepClock clock, Throttle t, int seconds) throws InterruptedException {
        long end = clock.now + seconds * SECOND, bytes = 0;
        while (clock.now < end) {
            t.acquire(BLOCK);
            bytes += BLOCK;
        }
        return bytes;
    }

    /** The bucket's burst (a quarter second) plus the last block, which may be granted on credit. */
    private static long slack(long rate) {
        return rate / 4 + 2L * BLOCK;
    }

    @Test
    void aLoneBusyTorrentGetsTheWholeGlobalRateNotAnEvenShare() throws InterruptedException {
        StepClock clock = new StepClock();
        Throttle global = new Throttle(100_000, clock);
        Throttle idle = new Throttle(0, clock).under(global);
        Throttle busy = new Throttle(0, clock).under(global);
        assertThat(idle.limited()).isTrue();
        long bytes = moved(clock, busy, 20);
        assertThat(bytes).isBetween(20 * 100_000L - BLOCK, 20 * 100_000L + slack(100_000));
    }

    @Test
    void aTorrentsOwnLimitAppliesOnTopOfTheGlobalOne() throws InterruptedException {
        StepClock clock = new StepClock();
        Throttle global = new Throttle(100_000, clock);
        Throttle own = new Throttle(30_000, clock).under(global);
        assertThat(moved(clock, own, 20)).isBetween(20 * 30_000L - BLOCK, 20 * 30_000L + slack(30_000));
        // and a torrent limited above the global rate still gets no more than the global rate
        Throttle generous = new Throttle(500_000, clock).under(global);
        assertThat(moved(clock, generous, 20)).isBetween(20 * 100_000L - BLOCK, 20 * 100_000L + slack(100_000) + slack(500_000));
    }

    @Test
    void twoBusyTorrentsShareTheGlobalBucketAndTogetherStayUnderIt() throws InterruptedException {
        StepClock clock = new StepClock();
        Throttle global = new Throttle(200_000, clock);
        Throttle a = new Throttle(0, clock).under(global), b = new Throttle(0, clock).under(global);
        long end = clock.now + 20 * SECOND, fromA = 0, fromB = 0;
        while (clock.now < end) {
            a.acquire(BLOCK);
            fromA += BLOCK;
            b.acquire(BLOCK);
            fromB += BLOCK;
        }
        assertThat(fromA + fromB).isBetween(20 * 200_000L - 2L * BLOCK, 20 * 200_000L + slack(200_000) + BLOCK);
        assertThat(fromA).isEqualTo(fromB); // taking turns, each got half
    }

    @Test
    void theOwnLimitIsDrawnFirstSoAThrottledTorrentDoesNotHoldGlobalCredit() throws InterruptedException {
        StepClock clock = new StepClock();
        Throttle global = new Throttle(100_000, clock);
        Throttle slow = new Throttle(10_000, clock).under(global), fast = new Throttle(0, clock).under(global);
        long end = clock.now + 20 * SECOND, fromSlow = 0, fromFast = 0;
        long nextSlow = clock.now;
        while (clock.now < end) {
            if (clock.now >= nextSlow) { // the slow torrent asks only when its own bucket would let it: no waiting there
                slow.acquire(BLOCK);
                fromSlow += BLOCK;
                nextSlow = clock.now + BLOCK * SECOND / 10_000;
            }
            fast.acquire(BLOCK);
            fromFast += BLOCK;
        }
        assertThat(fromSlow).isBetween(20 * 10_000L - BLOCK, 20 * 10_000L + slack(10_000));
        assertThat(fromSlow + fromFast).isBetween(20 * 100_000L - 2L * BLOCK, 20 * 100_000L + slack(100_000) + BLOCK);
        assertThat(fromFast).isGreaterThan(20 * 85_000L);
    }

    @Test
    void withoutAnyLimitNothingWaitsAndTheClockDoesNotMove() throws InterruptedException {
        StepClock clock = new StepClock();
        Throttle t = new Throttle(0, clock).under(new Throttle(0, clock));
        long before = clock.now;
        for (int k = 0; k < 1000; k++) assertThat(t.acquire(BLOCK)).isFalse();
        assertThat(clock.now).isEqualTo(before);
        assertThat(t.limited()).isFalse();
    }

    @Test
    void aRateChangedLiveAppliesToTheNextBytes() throws InterruptedException {
        StepClock clock = new StepClock();
        Throttle global = new Throttle(0, clock);
        Throttle t = new Throttle(50_000, clock).under(global);
        assertThat(moved(clock, t, 10)).isBetween(10 * 50_000L - BLOCK, 10 * 50_000L + slack(50_000));
        t.rate(200_000);
        assertThat(moved(clock, t, 10)).isBetween(10 * 200_000L - 2L * BLOCK, 10 * 200_000L + slack(200_000));
        t.rate(0);
        global.rate(20_000); // the global limit turned on while the torrent's own is off
        assertThat(t.rate()).isZero();
        assertThat(moved(clock, t, 10)).isBetween(10 * 20_000L - 2L * BLOCK, 10 * 20_000L + slack(20_000));
        global.rate(0);
        long before = clock.now;
        assertThat(t.acquire(BLOCK)).isFalse();
        assertThat(clock.now).isEqualTo(before);
    }

    @Test
    void aWaiterWakesWhenTheLimitIsLifted() throws Exception {
        // A clock that never moves: a waiter waits until signalled, as it would for a very long wait.
        Throttle.Clock frozen = new Throttle.Clock() {
            public long nanoTime() {
                return 0;
            }

            public void await(Condition c, long nanos) throws InterruptedException {
                c.await();
            }
        };
        Throttle t = new Throttle(1_000, frozen);
        t.acquire(BLOCK); // the bucket's credit and far beyond: the next caller waits ~16 s of this clock
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicBoolean limited = new AtomicBoolean(true);
        Thread waiter = Thread.ofVirtual().start(() -> {
            waiting.countDown();
            try {
                limited.set(t.acquire(BLOCK));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
        // the waiter may not be parked yet; lifting the limit must release it either way
        t.rate(0);
        waiter.join(10_000);
        assertThat(waiter.isAlive()).isFalse();
        assertThat(limited.get()).isFalse();
    }

    @Test
    void aThrottleCannotHangUnderItself() {
        Throttle a = new Throttle(1), b = new Throttle(1).under(a);
        assertThatThrownBy(() -> a.under(b)).isInstanceOf(IllegalArgumentException.class);
    }
}
