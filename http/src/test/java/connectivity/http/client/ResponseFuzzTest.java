package connectivity.http.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import connectivity.http.BodyFraming;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** What the client reads from a server: a response head, its body framing and Content-Range values. */
class ResponseFuzzTest {
    /** A head, its framing and its body are read, or fail with an IOException (a bad response, EOF). */
    @FuzzTest
    void responseReadsOrIsBad(byte[] input) {
        InputStream in = new ByteArrayInputStream(input);
        try {
            ResponseHead head = ResponseReader.readHead(in);
            head.keepAlive();
            BodyFraming framing = ResponseReader.framing("GET", head);
            if (framing.kind() != BodyFraming.Kind.FIXED || framing.length() <= input.length) {
                ResponseReader.body(in, framing).readAllBytes();
            }
        } catch (IOException e) {
            // BadResponseException, HttpParseException or EOFException: all refusals
        }
    }

    /** Content-Range parses to a consistent range or to nothing, never an exception. */
    @FuzzTest
    void contentRangeIsConsistentOrEmpty(byte[] input) {
        String value = new String(input, StandardCharsets.ISO_8859_1);
        ContentRange.parse(value).ifPresent(r -> {
            assertThat(r.first()).isNotNegative();
            assertThat(r.last()).isGreaterThanOrEqualTo(r.first());
            assertThat(r.length()).isPositive();
            if (r.complete() >= 0) assertThat(r.last()).isLessThan(r.complete());
        });
        ContentRange.unsatisfiedLength(value).ifPresent(n -> assertThat(n).isNotNegative());
    }
}
