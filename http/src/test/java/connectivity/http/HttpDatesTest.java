package connectivity.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class HttpDatesTest {
    private static final Instant T = Instant.parse("1994-11-06T08:49:37Z");

    @Test
    void formatsImfFixdate() {
        assertThat(HttpDates.format(T)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
        assertThat(HttpDates.format(T.plusMillis(999))).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
    }

    @Test
    void parsesAllThreeForms() {
        assertThat(HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT")).contains(T);
        assertThat(HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT")).contains(T);
        assertThat(HttpDates.parse("Sun Nov  6 08:49:37 1994")).contains(T);
    }

    @Test
    void garbageIsEmpty() {
        assertThat(HttpDates.parse("yesterday")).isEmpty();
        assertThat(HttpDates.parse("Sun, 06 Nov 1994 08:49:37 PST")).isEmpty();
        assertThat(HttpDates.parse(null)).isEmpty();
    }

    @Test
    void nowRoundTrips() {
        Instant parsed = HttpDates.parse(HttpDates.now()).orElseThrow();
        assertThat(parsed).isBetween(Instant.now().minusSeconds(2), Instant.now().plusSeconds(1));
    }
}
