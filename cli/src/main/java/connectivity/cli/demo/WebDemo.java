package connectivity.cli.demo;

import connectivity.http.BodyFraming;
import connectivity.http.Headers;
import connectivity.http.HttpParseException;
import connectivity.http.MessageHeadReader;
import connectivity.http.StatusLine;
import connectivity.http.client.HttpClient;
import connectivity.http.client.HttpRequest;
import connectivity.http.client.HttpResponse;
import connectivity.http.client.RequestBody;
import connectivity.http.documents.DocumentHandler;
import connectivity.http.server.HttpServer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The web part of the demo: serves a small generated site from a temporary directory on 127.0.0.1
 * and walks through GET, a conditional GET (304), PUT, DELETE and a malformed request (400),
 * printing each exchange in a line or two.
 *
 * <p>Well-formed requests go through our {@link HttpClient} (one pooled keep-alive connection for all
 * of them); the hostile ones are written by hand on a raw socket, since our client never sends them.
 */
public final class WebDemo {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final PrintWriter out;

    public WebDemo(PrintWriter out) {
        this.out = out;
    }

    /** What came back for one request. */
    record Reply(int code, String reason, Headers headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    public void run() throws IOException, InterruptedException {
        Path site = Files.createTempDirectory("conn-demo-site-");
        HttpServer server = null;
        HttpClient client = HttpClient.builder().connectTimeout(TIMEOUT).readTimeout(TIMEOUT).build();
        try {
            writeSite(site);
            server = HttpServer.builder().bind("127.0.0.1").port(0)
                    .route("/", new DocumentHandler(site, false))
                    .build().start();
            int port = server.port();
            out.println("== Web: a document server on http://127.0.0.1:" + port + "/ serving " + site);

            Reply index = exchange(client, port, "GET", "/", Headers.EMPTY, null);
            show("GET /", index, index.body().length + " bytes of HTML");
            String etag = index.headers().first("ETag").orElse("\"none\"");

            Reply cached = exchange(client, port, "GET", "/", Headers.of("If-None-Match", etag), null);
            show("GET / with If-None-Match: " + etag, cached, "the copy we have is still good, no body sent");

            Reply range = exchange(client, port, "GET", "/style.css", Headers.of("Range", "bytes=0-15"), null);
            show("GET /style.css with Range: bytes=0-15", range,
                    range.headers().first("Content-Range").orElse("?") + " \"" + range.text() + "\"");

            Reply put = exchange(client, port, "PUT", "/notes.txt", Headers.of("Content-Type", "text/plain"),
                    "written by conn demo\n".getBytes(StandardCharsets.UTF_8));
            show("PUT /notes.txt (21 bytes)", put, "created atomically (temp file + rename)");

            Reply get = exchange(client, port, "GET", "/notes.txt", Headers.EMPTY, null);
            show("GET /notes.txt", get, "\"" + get.text().strip() + "\"");

            Reply delete = exchange(client, port, "DELETE", "/notes.txt", Headers.EMPTY, null);
            show("DELETE /notes.txt", delete, "gone");

            Reply gone = exchange(client, port, "GET", "/notes.txt", Headers.EMPTY, null);
            show("GET /notes.txt", gone, "as it should be");

            Reply traversal = rawExchange(port, "GET /../../etc/passwd HTTP/1.1\r\nHost: demo\r\n\r\n");
            show("GET /../../etc/passwd", traversal, "nothing outside the served directory");

            Reply bad = rawExchange(port, "GET /has space HTTP/1.1\r\nHost: demo\r\n\r\n");
            show("\"GET /has space HTTP/1.1\" (malformed)", bad, "the server refuses and closes the connection");
        } finally {
            client.close();
            if (server != null) server.shutdown(Duration.ofSeconds(2));
            deleteTree(site);
        }
    }

    private void show(String request, Reply reply, String note) {
        out.printf("  %-45s -> %d %s   (%s)%n", request, reply.code(), reply.reason(), note);
        out.flush();
    }

    private static void writeSite(Path site) throws IOException {
        Files.writeString(site.resolve("index.html"), """
                <!DOCTYPE html>
                <html><head><meta charset="utf-8"><title>conn demo</title>
                <link rel="stylesheet" href="style.css"></head>
                <body><h1>Served by conn</h1><p>An HTTP/1.1 server on a virtual thread per connection.</p></body></html>
                """);
        Files.writeString(site.resolve("style.css"), "body { font-family: sans-serif; color: #234; }\n");
    }

    /** One request through our client; the connection is kept alive and reused by the next one. */
    private static Reply exchange(HttpClient client, int port, String method, String target, Headers headers, byte[] body)
            throws IOException {
        URI uri = URI.create("http://127.0.0.1:" + port + target);
        HttpRequest request = switch (method) {
            case "GET" -> HttpRequest.get(uri);
            case "PUT" -> HttpRequest.put(uri, RequestBody.ofBytes(body));
            case "DELETE" -> HttpRequest.delete(uri);
            default -> throw new IllegalArgumentException(method);
        };
        for (int i = 0; i < headers.size(); i++) request = request.withHeader(headers.name(i), headers.value(i));
        HttpResponse response = client.send(request);
        return new Reply(response.status(), response.reason(), response.headers(), response.body());
    }

    private Reply rawExchange(int port, String request) throws IOException {
        return send(port, request.getBytes(StandardCharsets.ISO_8859_1), "GET");
    }

    private static Reply send(int port, byte[] request, String method) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream os = socket.getOutputStream();
            os.write(request);
            os.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            MessageHeadReader reader = new MessageHeadReader(in);
            StatusLine status = reader.readStatusLine();
            if (status == null) throw new IOException("server closed the connection without answering");
            Headers headers = reader.readHeaders();
            byte[] body = BodyFraming.ofResponse(method, status.code(), headers).open(in, 16 << 20).readAllBytes();
            return new Reply(status.code(), status.reason(), headers, body);
        } catch (HttpParseException e) {
            throw new IOException("malformed response: " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> paths = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
            for (Path p : paths) Files.deleteIfExists(p);
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }
}
