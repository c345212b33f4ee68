package connectivity.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class AcceptLoopTest {
    /** A clock that moves only when the loop pauses, and a record of what it was told. */
    private static final class Script {
        long now;
        int attempts;
        final List<Duration> pauses = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
    }

    @Test
    void outOfDescriptorsPausesHalfASecondAndWarnsOncePerInterval() {
        Script s = new Script();
        Duration window = Duration.ofSeconds(60);
        AcceptLoop loop = new AcceptLoop("t", () -> {
            s.attempts++;
            throw new IOException("Too many open files");
        }, () -> s.now >= window.toNanos(), socket -> {}, () -> s.now, d -> {
            s.pauses.add(d);
            s.now += d.toNanos();
        }, s.warnings::add);

        loop.run();

        // A minute at the limit: 120 attempts (one per 500 ms) instead of a spin, and 6 warnings instead of 120.
        assertThat(s.attempts).isEqualTo(120);
        assertThat(s.pauses).hasSize(120).containsOnly(AcceptLoop.EXHAUSTED_PAUSE);
        assertThat(s.warnings).hasSize(6);
        assertThat(s.warnings.get(0)).contains("Too many open files").contains("pausing accepts for 500 ms")
                .doesNotContain("more failures");
        assertThat(s.warnings.get(1)).contains("(19 more failures since the last warning)");
    }

    @Test
    void otherFailuresPauseBrieflyAndAcceptingGoesOn() throws Exception {
        Script s = new Script();
        List<Socket> accepted = new ArrayList<>();
        Socket socket = new Socket();
        AcceptLoop loop = new AcceptLoop("t", () -> {
            s.attempts++;
            if (s.attempts <= 3) throw new IOException("Connection aborted");
            return socket;
        }, () -> !accepted.isEmpty(), accepted::add, () -> s.now, d -> {
            s.pauses.add(d);
            s.now += d.toNanos();
        }, s.warnings::add);

        loop.run();

        assertThat(accepted).containsExactly(socket);
        assertThat(s.pauses).containsExactly(AcceptLoop.OTHER_PAUSE, AcceptLoop.OTHER_PAUSE, AcceptLoop.OTHER_PAUSE);
        assertThat(s.warnings).hasSize(1);
        socket.close();
    }

    @Test
    void aFailureAfterTheStopEndsTheLoopSilently() {
        Script s = new Script();
        boolean[] stopped = {false};
        AcceptLoop loop = new AcceptLoop("t", () -> {
            stopped[0] = true;
            throw new IOException("Socket closed");
        }, () -> stopped[0], socket -> {}, () -> s.now, d -> s.pauses.add(d), s.warnings::add);

        loop.run();

        assertThat(s.warnings).isEmpty();
        assertThat(s.pauses).isEmpty();
    }

    @Test
    void recognisesTheSystemsWordsForDescriptorExhaustion() {
        assertThat(AcceptLoop.outOfDescriptors(new IOException("Too many open files"))).isTrue();
        assertThat(AcceptLoop.outOfDescriptors(new IOException("Too many open files in system"))).isTrue();
        assertThat(AcceptLoop.outOfDescriptors(new IOException("Connection reset"))).isFalse();
        assertThat(AcceptLoop.outOfDescriptors(new IOException())).isFalse();
    }
}
