package connectivity.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.http.Status;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One HTTP/1.1 exchange at a time over in-memory streams: no socket, no server thread. */
@Timeout(10)
class Http1ExchangeTest {
    private final List<String> accessLog = new CopyOnWriteArrayList<>();
    private final HttpServer server = HttpServer.builder()
            .maxBodyBytes(100)
            .accessLog(accessLog::add)
            .route("/trailers", r -> {
                String before = r.trailers().toString();
                int n = r.body().readAllBytes().length;
                return Response.text(200, n + " before=" + before + " after=" + r.trailers().first("X-Checksum").orElse("none"));
            })
            .route("/", r -> Response.text(200, r.method() + " " + r.path() + " " + r.body().readAllBytes().length))
            .build();

    /** The peer's bytes come from a fixed array; ours go to a byte array, counting the writes that reach it. */
    static final class MemoryTransport implements Transport {
        final InputStream input;
        final ByteArrayOutputStream sent = new ByteArrayOutputStream();
        int writes;
        final OutputStream output = new OutputStream() {
            @Override
            public void write(int b) {
                writes++;
                sent.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writes++;
                sent.write(b, off, len);
            }
        };

        MemoryTransport(String peerBytes) {
            this.input = new ByteArrayInputStream(peerBytes.getBytes(StandardCharsets.ISO_8859_1));
        }

        String sent() {
            return sent.toString(StandardCharsets.ISO_8859_1);
        }

        @Override public InputStream input() { return input; }
        @Override public OutputStream output() { return output; }
        @Override public void readTimeout(int millis) { }
        @Override public void shutdownOutput() { }
        @Override public void close() { }
        @Override public InetSocketAddress remoteAddress() { return new InetSocketAddress("127.0.0.1", 40000); }
    }

    private record Wired(MemoryTransport transport, ServerOutput out, Http1Exchange exchange) {}

    private Wired wire(String peerBytes) throws IOException {
        MemoryTransport t = new MemoryTransport(peerBytes);
        ServerOutput out = new ServerOutput(t.output(), 16 * 1024);
        ServerInput in = new ServerInput(t, 8 * 1024);
        return new Wired(t, out, new Http1Exchange(server, in, out, t.remoteAddress()));
    }

    @Test
    void servesARequestWithABodyAndKeepsTheConnection() throws IOException {
        Wired w = wire("POST /a%20b HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
        assertThat(w.exchange().serve()).isEqualTo(Http1Exchange.Outcome.KEEP_ALIVE);
        // Nothing more is buffered, so the exchange flushed: the next read may wait for the client.
        assertThat(w.transport().sent())
                .startsWith("HTTP/1.1 200 OK\r\n")
                .contains("Content-Length: 11\r\n")
                .doesNotContain("Connection: close")
                .endsWith("\r\n\r\nPOST /a b 5");
        assertThat(accessLog).singleElement().asString().contains("\"POST /a%20b HTTP/1.1\" 200 11");
    }

    @Test
    void chunkedTrailersReachTheHandlerOnceTheBodyHasBeenRead() throws IOException {
        Wired w = wire("PUT /trailers HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTrailer: X-Checksum\r\n\r\n"
                + "5\r\nhello\r\n0\r\nX-Checksum: sha256=abc\r\n\r\n"
                + "PUT /trailers HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi");
        assertThat(w.exchange().serve()).isEqualTo(Http1Exchange.Outcome.KEEP_ALIVE);
        assertThat(w.exchange().serve()).isEqualTo(Http1Exchange.Outcome.KEEP_ALIVE);
        w.out().flush();
        assertThat(w.transport().sent()).contains("\r\n\r\n5 before=" + connectivity.http.Headers.EMPTY + " after=sha256=abc")
                .endsWith("\r\n\r\n2 before=" + connectivity.http.Headers.EMPTY + " after=none");
    }

    @Test
    void connectionCloseEndsAfterTheResponse() throws IOException {
        Wired w = wire("GET /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(w.exchange().serve()).isEqualTo(Http1Exchange.Outcome.CLOSE);
        assertThat(w.transport().sent()).contains("Connection: close\r\n").endsWith("GET /x 0");
    }

    @Test
    void aMalformedHeadIsRefusedAndTheConnectionLingersBeforeClosing() throws IOException {
        Wired w = wire("GET /x HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n");
        assertThat(w.exchange().serve()).isEqualTo(Http1Exchange.Outcome.LINGER_CLOSE);
        assertThat(w.transport().sent()).startsWith("HTTP/1.1 400 ").contains("Connection: close\r\n");
    }

    @Test
    void aTooLargeBodyIs413() throws IOException {
        Wired w = wire("PUT /x HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n");
        assertThat(w.exchange().serve()).isEqualTo(Http1Exchange.Outcome.LINGER_CLOSE);
        assertThat(w.transport().sent()).startsWith("HTTP/1.1 " + Status.CONTENT_TOO_LARGE + " ");
    }

    @Test
    void endOfStreamBeforeARequestCloses() throws IOException {
        Wired w = wire("");
        assertThat(w.exchange().serve()).isEqualTo(Http1Exchange.Outcome.CLOSE);
        assertThat(w.transport().sent()).isEmpty();
    }

    @Test
    void pipelinedRequestsAreServedInOrder() throws IOException {
        Wired w = wire("GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(w.exchange().serve()).isEqualTo(Http1Exchange.Outcome.KEEP_ALIVE);
        assertThat(w.exchange().serve()).isEqualTo(Http1Exchange.Outcome.KEEP_ALIVE);
        assertThat(w.exchange().serve()).isEqualTo(Http1Exchange.Outcome.CLOSE);
        String sent = w.transport().sent();
        assertThat(sent.indexOf("GET /1 0")).isPositive().isLessThan(sent.indexOf("GET /2 0"));
    }

    @Test
    void aResponseWaitsForThePipelinedOneAndBothLeaveInOneWrite() throws IOException {
        Wired w = wire("GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(w.exchange().serve()).isEqualTo(Http1Exchange.Outcome.KEEP_ALIVE);
        assertThat(w.transport().writes).isZero();
        assertThat(w.exchange().serve()).isEqualTo(Http1Exchange.Outcome.KEEP_ALIVE);
        assertThat(w.transport().writes).isEqualTo(1);
        assertThat(w.transport().sent()).contains("GET /1 0").endsWith("GET /2 0");
    }

    @Test
    void aResponseIsFlushedWhenOnlyPartOfTheNextHeadIsBuffered() throws IOException {
        // The client may send the rest only after it has read our answer: holding it back could deadlock.
        Wired w = wire("GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHo");
        assertThat(w.exchange().serve()).isEqualTo(Http1Exchange.Outcome.KEEP_ALIVE);
        assertThat(w.transport().sent()).endsWith("GET /1 0");
    }

    @Test
    void emptyLinesBeforeTheNextRequestAreNotAHead() throws IOException {
        Wired w = wire("GET /1 HTTP/1.1\r\nHost: x\r\n\r\n\r\n\r\n");
        assertThat(w.exchange().serve()).isEqualTo(Http1Exchange.Outcome.KEEP_ALIVE);
        assertThat(w.transport().sent()).endsWith("GET /1 0");
    }
}
