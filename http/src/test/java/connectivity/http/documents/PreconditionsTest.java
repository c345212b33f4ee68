package connectivity.http.documents;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.http.Headers;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PreconditionsTest {
    private static final String TAG = "\"abc-1-2\"";
    private static final Instant MODIFIED = Instant.parse("2024-05-01T10:00:00.500Z");

    @Test
    void ifNoneMatchNamesTheTagOrAnyAndWinsOverIfModifiedSince() {
        assertThat(Preconditions.notModified(Headers.of("If-None-Match", TAG), TAG, MODIFIED)).isTrue();
        assertThat(Preconditions.notModified(Headers.of("If-None-Match", "\"x\", W/" + TAG), TAG, MODIFIED)).isTrue();
        assertThat(Preconditions.notModified(Headers.of("If-None-Match", "*"), TAG, MODIFIED)).isTrue();
        assertThat(Preconditions.notModified(Headers.of("If-None-Match", "\"other\"",
                "If-Modified-Since", "Wed, 01 May 2024 10:00:00 GMT"), TAG, MODIFIED)).isFalse();
    }

    @Test
    void ifModifiedSinceComparesWholeSeconds() {
        assertThat(Preconditions.notModified(Headers.of("If-Modified-Since", "Wed, 01 May 2024 10:00:00 GMT"), TAG, MODIFIED)).isTrue();
        assertThat(Preconditions.notModified(Headers.of("If-Modified-Since", "Wed, 01 May 2024 09:59:59 GMT"), TAG, MODIFIED)).isFalse();
        assertThat(Preconditions.notModified(Headers.of("If-Modified-Since", "not a date"), TAG, MODIFIED)).isFalse();
        assertThat(Preconditions.notModified(Headers.EMPTY, TAG, MODIFIED)).isFalse();
    }

    @Test
    void ifRangeIsStrongForTagsAndExactForDates() {
        assertThat(Preconditions.ifRangeHolds(Headers.EMPTY, TAG, "d")).isTrue();
        assertThat(Preconditions.ifRangeHolds(Headers.of("If-Range", TAG), TAG, "d")).isTrue();
        assertThat(Preconditions.ifRangeHolds(Headers.of("If-Range", "W/" + TAG), TAG, "d")).isFalse();
        assertThat(Preconditions.ifRangeHolds(Headers.of("If-Range", "d"), TAG, "d")).isTrue();
        assertThat(Preconditions.ifRangeHolds(Headers.of("If-Range", "e"), TAG, "d")).isFalse();
    }

    @Test
    void putPreconditions() {
        assertThat(Preconditions.forPut(Headers.EMPTY, TAG)).isZero();
        assertThat(Preconditions.forPut(Headers.EMPTY, null)).isZero();
        assertThat(Preconditions.forPut(Headers.of("If-None-Match", "*"), null)).isZero();
        assertThat(Preconditions.forPut(Headers.of("If-None-Match", "*"), TAG)).isEqualTo(412);
        assertThat(Preconditions.forPut(Headers.of("If-Match", TAG), TAG)).isZero();
        assertThat(Preconditions.forPut(Headers.of("If-Match", "W/" + TAG), TAG)).as("If-Match compares strongly").isEqualTo(412);
        assertThat(Preconditions.forPut(Headers.of("If-Match", "*"), null)).isEqualTo(412);
        assertThat(Preconditions.forPut(Headers.of("If-Match", "\"old\""), TAG)).isEqualTo(412);
    }
}
