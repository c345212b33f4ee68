package connectivity.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Message heads, header fields and body framing as a server and a client read them from a peer: the
 * result is a value, or an HttpParseException (with a 4xx/5xx status) or an EOFException, never
 * another exception. What is accepted writes back as the same head.
 */
class MessageHeadFuzzTest {
    @FuzzTest
    void requestHeadParsesOrRefuses(byte[] input) throws IOException {
        InputStream in = new ByteArrayInputStream(input);
        MessageHeadReader reader = new MessageHeadReader(in, 1024, 4096, 20);
        RequestLine line;
        Headers headers;
        BodyFraming framing;
        try {
            line = reader.readRequestLine();
            if (line == null) return;
            headers = reader.readHeaders();
            framing = BodyFraming.ofRequest(headers);
        } catch (HttpParseException e) {
            assertThat(e.status()).isBetween(400, 599);
            return;
        } catch (EOFException e) {
            return;
        }
        assertThat(RequestLine.parse(line.toString())).isEqualTo(line);
        assertThat(headers.size()).isLessThanOrEqualTo(20);
        assertThat(framing.kind()).isIn(BodyFraming.Kind.NONE, BodyFraming.Kind.FIXED, BodyFraming.Kind.CHUNKED);
        if (framing.kind() == BodyFraming.Kind.FIXED) assertThat(framing.length()).isPositive();

        ByteArrayOutputStream again = new ByteArrayOutputStream();
        again.writeBytes((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        for (Headers.Field f : headers.fields()) again.writeBytes((f.name() + ": " + f.value() + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        again.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        MessageHeadReader reread = new MessageHeadReader(new ByteArrayInputStream(again.toByteArray()), 1024, 4096 + 2 * 20, 20);
        assertThat(reread.readRequestLine()).isEqualTo(line);
        assertThat(reread.readHeaders()).isEqualTo(headers);
    }

    @FuzzTest
    void responseHeadParsesOrRefuses(byte[] input) throws IOException {
        if (input.length < 3) return;
        String method = switch (input[0] & 3) {
            case 0 -> "GET";
            case 1 -> "HEAD";
            case 2 -> "CONNECT";
            default -> "POST";
        };
        MessageHeadReader reader = new MessageHeadReader(new ByteArrayInputStream(input, 1, input.length - 1), 1024, 4096, 20, 502);
        try {
            StatusLine status = reader.readStatusLine();
            if (status == null) return;
            assertThat(status.code()).isBetween(100, 599);
            BodyFraming framing = BodyFraming.ofResponse(method, status.code(), reader.readHeaders());
            if (framing.kind() == BodyFraming.Kind.FIXED) assertThat(framing.length()).isNotNegative();
        } catch (HttpParseException e) {
            assertThat(e.status()).isBetween(400, 599);
        } catch (EOFException e) {
            // truncated: the contract
        }
    }
}
