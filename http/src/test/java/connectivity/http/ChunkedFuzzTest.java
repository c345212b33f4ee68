package connectivity.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * A chunked body from a peer decodes, or fails with an HttpParseException (400, or 413 past the limit)
 * or an EOFException; what decodes, encoded again with our encoder, decodes to the same bytes and
 * trailers, and the decoder never reads past the end of the body.
 */
class ChunkedFuzzTest {
    private static final long LIMIT = 64 * 1024;

    @FuzzTest
    void decodesOrRefuses(byte[] input) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(input);
        ChunkedInputStream chunked = new ChunkedInputStream(in, LIMIT, 1024);
        byte[] body;
        try {
            body = chunked.readAllBytes();
        } catch (HttpParseException e) {
            assertThat(e.status()).isIn(400, 413);
            return;
        } catch (EOFException e) {
            return;
        }
        assertThat(chunked.isDone()).isTrue();
        assertThat(body.length).isLessThanOrEqualTo((int) LIMIT).isEqualTo((int) chunked.bytesRead());

        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        try (ChunkedOutputStream out = new ChunkedOutputStream(encoded)) {
            out.trailers(chunked.trailers());
            out.write(body);
        }
        encoded.write('!');
        ByteArrayInputStream again = new ByteArrayInputStream(encoded.toByteArray());
        ChunkedInputStream decoded = new ChunkedInputStream(again, LIMIT, 64 * 1024);
        assertThat(decoded.readAllBytes()).isEqualTo(body);
        assertThat(decoded.trailers()).isEqualTo(chunked.trailers());
        assertThat(again.read()).isEqualTo('!');
    }
}
