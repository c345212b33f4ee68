package connectivity.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MessageHeadReaderTest {

    private static MessageHeadReader reader(String s) {
        return new MessageHeadReader(stream(s));
    }

    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static int statusOf(String head) {
        try {
            MessageHeadReader r = reader(head);
            r.readRequestLine();
            r.readHeaders();
        } catch (HttpParseException e) {
            return e.status();
        } catch (IOException e) {
            return -1;
        }
        return 0;
    }

    @Test
    void readsRequestLineHeadersAndStopsAtTheBody() throws IOException {
        InputStream in = stream("GET /a/b?x=%20y HTTP/1.1\r\nHost: example\r\nX-Multi: one\r\nx-multi:  two \r\n\r\nBODY");
        MessageHeadReader r = new MessageHeadReader(in);
        RequestLine line = r.readRequestLine();
        Headers h = r.readHeaders();
        assertThat(line).isEqualTo(new RequestLine("GET", "/a/b?x=%20y", HttpVersion.HTTP_1_1));
        assertThat(h.first("host")).contains("example");
        assertThat(h.all("X-MULTI")).containsExactly("one", "two");
        assertThat(h.name(2)).isEqualTo("x-multi");
        assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("BODY");
    }

    @Test
    void readsSeveralPipelinedHeadsFromOneStream() throws IOException {
        MessageHeadReader r = reader("GET /1 HTTP/1.1\r\nHost: a\r\n\r\nHEAD /2 HTTP/1.0\r\n\r\n");
        assertThat(r.readRequestLine().target()).isEqualTo("/1");
        assertThat(r.readHeaders().size()).isEqualTo(1);
        RequestLine second = r.readRequestLine();
        assertThat(second.method()).isEqualTo("HEAD");
        assertThat(second.version()).isEqualTo(HttpVersion.HTTP_1_0);
        assertThat(r.readHeaders().isEmpty()).isTrue();
        assertThat(r.readRequestLine()).isNull();
    }

    @Test
    void skipsAnEmptyLineBeforeTheRequestLine() throws IOException {
        assertThat(reader("\r\nGET / HTTP/1.1\r\n\r\n").readRequestLine().target()).isEqualTo("/");
    }

    @Test
    void cleanEndOfStreamIsNullButEndInsideTheHeadIsAnError() throws IOException {
        assertThat(reader("").readRequestLine()).isNull();
        assertThatThrownBy(() -> reader("GET / HT").readRequestLine()).isInstanceOf(EOFException.class);
        MessageHeadReader r = reader("GET / HTTP/1.1\r\nHost: a\r\n");
        r.readRequestLine();
        assertThatThrownBy(r::readHeaders).isInstanceOf(EOFException.class);
    }

    @Test
    void minorVersionsAboveOneAreHttp11() throws IOException {
        assertThat(reader("GET / HTTP/1.7\r\n\r\n").readRequestLine().version()).isEqualTo(HttpVersion.HTTP_1_1);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("bare CR in request line", "GET / HTTP/1.1\r\r\nHost: a\r\n\r\n", 400),
                Arguments.of("bare LF line ending", "GET / HTTP/1.1\nHost: a\n\n", 400),
                Arguments.of("bare CR inside a header value", "GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n", 400),
                Arguments.of("obs-fold", "GET / HTTP/1.1\r\nHost: a\r\nX: b\r\n c\r\n\r\n", 400),
                Arguments.of("whitespace before first header", "GET / HTTP/1.1\r\n Host: a\r\n\r\n", 400),
                Arguments.of("whitespace before colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400),
                Arguments.of("tab before colon", "GET / HTTP/1.1\r\nHost\t: a\r\n\r\n", 400),
                Arguments.of("header without colon", "GET / HTTP/1.1\r\nHost a\r\n\r\n", 400),
                Arguments.of("empty header name", "GET / HTTP/1.1\r\n: a\r\n\r\n", 400),
                Arguments.of("invalid char in header name", "GET / HTTP/1.1\r\nHo(st: a\r\n\r\n", 400),
                Arguments.of("control char in header value", "GET / HTTP/1.1\r\nHost: a\u0001b\r\n\r\n", 400),
                Arguments.of("NUL in header value", "GET / HTTP/1.1\r\nHost: a\u0000b\r\n\r\n", 400),
                Arguments.of("invalid char in method", "G(T / HTTP/1.1\r\n\r\n", 400),
                Arguments.of("empty method", " / HTTP/1.1\r\n\r\n", 400),
                Arguments.of("two spaces", "GET  / HTTP/1.1\r\n\r\n", 400),
                Arguments.of("space in target", "GET /a b HTTP/1.1\r\n\r\n", 400),
                Arguments.of("tab separator", "GET\t/ HTTP/1.1\r\n\r\n", 400),
                Arguments.of("no version", "GET /\r\n\r\n", 400),
                Arguments.of("lower-case version", "GET / http/1.1\r\n\r\n", 400),
                Arguments.of("two-digit version", "GET / HTTP/1.10\r\n\r\n", 400),
                Arguments.of("backslash in target", "GET /a\\b HTTP/1.1\r\n\r\n", 400),
                Arguments.of("double quote in target", "GET /\"x HTTP/1.1\r\n\r\n", 400),
                Arguments.of("brace in target", "GET /{x} HTTP/1.1\r\n\r\n", 400),
                Arguments.of("non-ASCII in target", "GET /\u00e9 HTTP/1.1\r\n\r\n", 400),
                Arguments.of("NUL in target", "GET /\u0000 HTTP/1.1\r\n\r\n", 400),
                Arguments.of("bad percent escape", "GET /%zz HTTP/1.1\r\n\r\n", 400),
                Arguments.of("truncated percent escape", "GET /%2 HTTP/1.1\r\n\r\n", 400),
                Arguments.of("HTTP/2.0", "GET / HTTP/2.0\r\n\r\n", 505),
                Arguments.of("HTTP/0.9", "GET / HTTP/0.9\r\n\r\n", 505)
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejects(String name, String head, int status) {
        assertThat(statusOf(head)).as(name).isEqualTo(status);
    }

    @Test
    void aBrokenEscapeInTheQueryIsLeftToTheApplication() {
        assertThat(statusOf("GET /announce?info_hash=%zz&x=%2 HTTP/1.1\r\n\r\n")).isZero();
        assertThat(statusOf("GET /a%zz?info_hash=%41 HTTP/1.1\r\n\r\n")).isEqualTo(400);
    }

    @Test
    void requestLineOverTheLimitIs414() {
        String head = "GET /" + "a".repeat(MessageHeadReader.DEFAULT_MAX_START_LINE) + " HTTP/1.1\r\n\r\n";
        assertThat(statusOf(head)).isEqualTo(414);
        String justFits = "GET /" + "a".repeat(MessageHeadReader.DEFAULT_MAX_START_LINE - 14) + " HTTP/1.1\r\n\r\n";
        assertThat(statusOf(justFits)).isZero();
    }

    @Test
    void headerSectionOverTheLimitIs431() {
        StringBuilder sb = new StringBuilder("GET / HTTP/1.1\r\n");
        for (int i = 0; i < 9; i++) sb.append("X-").append(i).append(": ").append("v".repeat(8000)).append("\r\n");
        assertThat(statusOf(sb + "\r\n")).isEqualTo(431);
        String oneHugeField = "GET / HTTP/1.1\r\nX: " + "v".repeat(70_000) + "\r\n\r\n";
        assertThat(statusOf(oneHugeField)).isEqualTo(431);
    }

    @Test
    void tooManyFieldsIs431() {
        StringBuilder sb = new StringBuilder("GET / HTTP/1.1\r\n");
        for (int i = 0; i <= MessageHeadReader.DEFAULT_MAX_FIELDS; i++) sb.append("X-").append(i).append(": v\r\n");
        assertThat(statusOf(sb + "\r\n")).isEqualTo(431);
    }

    @Test
    void tooManyLeadingEmptyLinesIs400() {
        assertThat(statusOf("\r\n".repeat(10) + "GET / HTTP/1.1\r\n\r\n")).isEqualTo(400);
    }

    @Test
    void obsTextInValuesIsKeptAsLatin1() throws IOException {
        MessageHeadReader r = reader("HTTP/1.1 200 OK\r\nX: caf\u00e9\r\n\r\n");
        StatusLine s = r.readStatusLine();
        assertThat(s.code()).isEqualTo(200);
        assertThat(r.readHeaders().firstOrNull("x")).isEqualTo("caf\u00e9");
    }

    @Test
    void readsStatusLines() throws IOException {
        assertThat(StatusLine.parse("HTTP/1.1 404 Not Found")).isEqualTo(new StatusLine(HttpVersion.HTTP_1_1, 404, "Not Found"));
        assertThat(StatusLine.parse("HTTP/1.0 204 ").reason()).isEmpty();
        assertThat(StatusLine.parse("HTTP/1.1 200").code()).isEqualTo(200);
        for (String bad : new String[] {"HTTP/1.1 20 OK", "HTTP/1.1 2000 OK", "HTTP/2 200 OK", "HTTP/1.1  200 OK", "HTTP/1.1 abc OK", "HTTP/2.0 200 OK"}) {
            assertThatThrownBy(() -> StatusLine.parse(bad)).as(bad).isInstanceOf(HttpParseException.class)
                    .extracting(e -> ((HttpParseException) e).status()).isEqualTo(502);
        }
    }

    @Test
    void writerRoundTripsThroughReader() throws IOException {
        Headers h = Headers.of("Host", "x", "Content-Length", "3");
        byte[] bytes = MessageHeadWriter.encode(new RequestLine("PUT", "/f?q=1", HttpVersion.HTTP_1_1), h);
        MessageHeadReader r = new MessageHeadReader(new ByteArrayInputStream(bytes));
        assertThat(r.readRequestLine()).isEqualTo(new RequestLine("PUT", "/f?q=1", HttpVersion.HTTP_1_1));
        assertThat(r.readHeaders()).isEqualTo(h);
    }
}
