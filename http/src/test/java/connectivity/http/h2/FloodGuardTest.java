package connectivity.http.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FloodGuardTest {
    @Test
    void eachKindHasItsCapPerInterval() {
        AtomicLong now = new AtomicLong();
        FloodGuard guard = new FloodGuard(now::get, 1000, 2, 3, 1);
        assertThat(guard.allow(FloodGuard.Kind.RESET)).isTrue();
        assertThat(guard.allow(FloodGuard.Kind.RESET)).isTrue();
        assertThat(guard.allow(FloodGuard.Kind.RESET)).isFalse();
        assertThat(guard.allow(FloodGuard.Kind.CONTROL)).isTrue(); // kinds count apart
        assertThat(guard.allow(FloodGuard.Kind.EMPTY)).isTrue();
        assertThat(guard.allow(FloodGuard.Kind.EMPTY)).isFalse();
        now.set(999);
        assertThat(guard.allow(FloodGuard.Kind.RESET)).isFalse();
        now.set(1000); // a new interval
        assertThat(guard.allow(FloodGuard.Kind.RESET)).isTrue();
        assertThat(guard.allow(FloodGuard.Kind.EMPTY)).isTrue();
    }
}
