package connectivity.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import connectivity.http.HttpParseException;
import connectivity.http.RequestLine;
import java.nio.charset.StandardCharsets;

/** How the server reads a request-target from a client. */
class TargetsFuzzTest {
    /** A request line parses or is a 4xx/5xx HttpParseException; its path decodes or is a 400. */
    @FuzzTest
    void targetDecodesOrRefuses(byte[] input) {
        String line = new String(input, StandardCharsets.ISO_8859_1);
        try {
            RequestLine request = RequestLine.parse(line);
            String raw = Targets.rawPath(request.target());
            Targets.rawQuery(request.target());
            Targets.isAbsoluteForm(request.target());
            String path = Targets.decodePath(raw);
            if (raw.indexOf('%') < 0) assertThat(path).isEqualTo(raw);
        } catch (HttpParseException e) {
            assertThat(e.status()).isBetween(400, 599);
        }
    }
}
