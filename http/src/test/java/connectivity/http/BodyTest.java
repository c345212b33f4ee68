package connectivity.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BodyTest {
    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static int status(ThrowingRunnable r) {
        try {
            r.run();
            return 0;
        } catch (HttpParseException e) {
            return e.status();
        } catch (IOException e) {
            return -1;
        }
    }

    interface ThrowingRunnable {
        void run() throws IOException;
    }

    @Test
    void decodesChunksWithExtensionsAndTrailersAndLeavesTheRest() throws IOException {
        InputStream in = stream("5;name=value;q=\"a \\\" b\"\r\nhello\r\n1 ; x\r\n \r\n0\r\nExpires: never\r\n\r\nNEXT");
        ChunkedInputStream body = new ChunkedInputStream(in);
        assertThat(new String(body.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("hello ");
        assertThat(body.trailers().first("expires")).contains("never");
        assertThat(body.isDone()).isTrue();
        assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("NEXT");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "x\r\nhello\r\n0\r\n\r\n",            // not hex
        "+5\r\nhello\r\n0\r\n\r\n",           // sign
        " 5\r\nhello\r\n0\r\n\r\n",           // leading space
        "5\r\nhelloXY0\r\n\r\n",              // data not followed by CRLF
        "5\nhello\r\n0\r\n\r\n",              // bare LF after size
        "5\rxhello\r\n0\r\n\r\n",             // bare CR
        "5;\r\nhello\r\n0\r\n\r\n",           // extension without name
        "5;a=\r\nhello\r\n0\r\n\r\n",         // extension without value
        "5;a=\"open\r\nhello\r\n0\r\n\r\n",   // unterminated quoted string
        "5 x\r\nhello\r\n0\r\n\r\n",          // junk after size
        "11111111111111111\r\n",              // 17 hex digits
        "ffffffffffffffff\r\n",               // overflows a long
        "0\r\nBad Trailer: x\r\n\r\n",        // malformed trailer
    })
    void rejectsMalformedChunking(String body) {
        assertThat(status(() -> new ChunkedInputStream(stream(body)).readAllBytes())).isEqualTo(400);
    }

    @Test
    void truncatedChunkedBodyIsEof() {
        assertThatThrownBy(() -> new ChunkedInputStream(stream("5\r\nhel")).readAllBytes()).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> new ChunkedInputStream(stream("5\r\nhello\r\n")).readAllBytes()).isInstanceOf(EOFException.class);
    }

    @Test
    void chunkedBodyOverTheLimitIs413AndTrailersAreBounded() {
        assertThat(status(() -> new ChunkedInputStream(stream("4\r\nabcd\r\n4\r\nefgh\r\n0\r\n\r\n"), 6, 100).readAllBytes())).isEqualTo(413);
        String bigTrailer = "0\r\nX: " + "a".repeat(200) + "\r\n\r\n";
        assertThat(status(() -> new ChunkedInputStream(stream(bigTrailer), 100, 100).readAllBytes())).isEqualTo(400);
    }

    @Test
    void chunkedRoundTrip() throws IOException {
        byte[] data = new byte[100_000];
        new Random(7).nextBytes(data);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (ChunkedOutputStream out = new ChunkedOutputStream(wire)) {
            out.write(data, 0, 10);
            out.write(data[10]);
            out.write(data, 11, 50_000);
            out.flush();
            out.write(data, 50_011, data.length - 50_011);
            out.trailers(Headers.of("X-Sum", "1"));
        }
        wire.write("TAIL".getBytes(StandardCharsets.ISO_8859_1));
        InputStream in = new ByteArrayInputStream(wire.toByteArray());
        ChunkedInputStream decoded = new ChunkedInputStream(in);
        assertThat(decoded.readAllBytes()).isEqualTo(data);
        assertThat(decoded.trailers().firstOrNull("x-sum")).isEqualTo("1");
        assertThat(in.readAllBytes()).asString(StandardCharsets.ISO_8859_1).isEqualTo("TAIL");
    }

    @Test
    void fixedLengthReadsExactlyAndDetectsTruncation() throws IOException {
        InputStream in = stream("abcdefNEXT");
        assertThat(new FixedLengthInputStream(in, 6).readAllBytes()).asString(StandardCharsets.ISO_8859_1).isEqualTo("abcdef");
        assertThat(in.readAllBytes()).asString(StandardCharsets.ISO_8859_1).isEqualTo("NEXT");
        assertThatThrownBy(() -> new FixedLengthInputStream(stream("abc"), 6).readAllBytes()).isInstanceOf(EOFException.class);
    }

    @Test
    void requestFraming() throws IOException {
        assertThat(BodyFraming.ofRequest(Headers.EMPTY)).isEqualTo(BodyFraming.NONE);
        assertThat(BodyFraming.ofRequest(Headers.of("Content-Length", "12"))).isEqualTo(BodyFraming.fixed(12));
        assertThat(BodyFraming.ofRequest(Headers.of("Content-Length", "7", "content-length", "7"))).isEqualTo(BodyFraming.fixed(7));
        assertThat(BodyFraming.ofRequest(Headers.of("Content-Length", "7, 7"))).isEqualTo(BodyFraming.fixed(7));
        assertThat(BodyFraming.ofRequest(Headers.of("Transfer-Encoding", "Chunked"))).isEqualTo(BodyFraming.CHUNKED);
        assertThat(status(() -> BodyFraming.ofRequest(Headers.of("Transfer-Encoding", "chunked", "Content-Length", "3")))).isEqualTo(400);
        assertThat(status(() -> BodyFraming.ofRequest(Headers.of("Content-Length", "3", "Content-Length", "4")))).isEqualTo(400);
        assertThat(status(() -> BodyFraming.ofRequest(Headers.of("Content-Length", "3, 4")))).isEqualTo(400);
        assertThat(status(() -> BodyFraming.ofRequest(Headers.of("Content-Length", "-1")))).isEqualTo(400);
        assertThat(status(() -> BodyFraming.ofRequest(Headers.of("Content-Length", "+1")))).isEqualTo(400);
        assertThat(status(() -> BodyFraming.ofRequest(Headers.of("Content-Length", "1 2")))).isEqualTo(400);
        assertThat(status(() -> BodyFraming.ofRequest(Headers.of("Content-Length", "")))).isEqualTo(400);
        assertThat(status(() -> BodyFraming.ofRequest(Headers.of("Content-Length", "99999999999999999999")))).isEqualTo(400);
        assertThat(status(() -> BodyFraming.ofRequest(Headers.of("Transfer-Encoding", "gzip, chunked")))).isEqualTo(501);
        assertThat(status(() -> BodyFraming.ofRequest(Headers.of("Transfer-Encoding", "gzip")))).isEqualTo(501);
        assertThat(status(() -> BodyFraming.ofRequest(Headers.of("Transfer-Encoding", "chunked, chunked")))).isEqualTo(400);
        assertThat(status(() -> BodyFraming.ofRequest(Headers.of("Transfer-Encoding", "")))).isEqualTo(400);
    }

    @Test
    void responseFraming() throws IOException {
        assertThat(BodyFraming.ofResponse("HEAD", 200, Headers.of("Content-Length", "10"))).isEqualTo(BodyFraming.NONE);
        assertThat(BodyFraming.ofResponse("GET", 304, Headers.of("Content-Length", "10"))).isEqualTo(BodyFraming.NONE);
        assertThat(BodyFraming.ofResponse("GET", 204, Headers.EMPTY)).isEqualTo(BodyFraming.NONE);
        assertThat(BodyFraming.ofResponse("GET", 200, Headers.EMPTY)).isEqualTo(BodyFraming.UNTIL_CLOSE);
        assertThat(BodyFraming.ofResponse("GET", 200, Headers.of("Transfer-Encoding", "chunked", "Content-Length", "3"))).isEqualTo(BodyFraming.CHUNKED);
        assertThat(BodyFraming.ofResponse("GET", 200, Headers.of("Content-Length", "3"))).isEqualTo(BodyFraming.fixed(3));
        assertThat(status(() -> BodyFraming.ofResponse("GET", 200, Headers.of("Content-Length", "x")))).isEqualTo(502);
    }

    @Test
    void openedBodyEnforcesTheLimit() throws IOException {
        assertThat(status(() -> BodyFraming.fixed(10).open(stream("0123456789"), 9))).isEqualTo(413);
        assertThat(BodyFraming.fixed(10).open(stream("0123456789"), 10).readAllBytes()).hasSize(10);
        assertThat(status(() -> BodyFraming.UNTIL_CLOSE.open(stream("0123456789"), 5).readAllBytes())).isEqualTo(413);
    }
}
