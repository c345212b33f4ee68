package connectivity.http.server;

import connectivity.http.documents.DocumentHandler;
import static connectivity.http.server.RawClient.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import connectivity.http.HttpDates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(30)
class DocumentHandlerTest {
    private static final String SECRET = "top secret outside the root";

    @TempDir
    Path base;
    Path root;
    HttpServer server;

    @BeforeEach
    void start() throws IOException {
        root = Files.createDirectories(base.resolve("site"));
        Files.writeString(base.resolve("secret.txt"), SECRET);
        Files.writeString(root.resolve("hello.txt"), "hello, world\n");
        Files.writeString(root.resolve("page.html"), "<p>hi</p>");
        Files.writeString(root.resolve("style.css"), "p{}");
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub/index.html"), "<h1>sub index</h1>");
        server = start(false);
    }

    private HttpServer start(boolean readOnly) throws IOException {
        return HttpServer.builder().port(0).maxBodyBytes(1 << 20)
                .route("/", new DocumentHandler(root, readOnly)).build().start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RawClient client() throws IOException {
        return RawClient.connect(server.port());
    }

    private RawClient.Reply request(String raw) throws IOException {
        try (RawClient c = client()) {
            return c.exchange(raw);
        }
    }

    @Test
    void getServesFilesWithTypeAndValidators() throws IOException {
        RawClient.Reply r = request(get("/hello.txt"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("hello, world\n");
        assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(r.header("Content-Length")).isEqualTo("13");
        assertThat(r.header("ETag")).startsWith("\"").endsWith("\"");
        assertThat(HttpDates.parse(r.header("Last-Modified"))).contains(
                Files.getLastModifiedTime(root.resolve("hello.txt")).toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(request(get("/page.html")).header("Content-Type")).startsWith("text/html");
        assertThat(request(get("/style.css")).header("Content-Type")).startsWith("text/css");
        assertThat(request(get("/missing.txt")).status()).isEqualTo(404);
    }

    @Test
    void headHasTheHeadersOfGetAndNoBody() throws IOException {
        try (RawClient c = client()) {
            c.send("HEAD /hello.txt HTTP/1.1\r\nHost: t\r\n\r\n" + get("/page.html"));
            RawClient.Reply head = c.read("HEAD");
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Length")).isEqualTo("13");
            assertThat(head.body()).isEmpty();
            assertThat(c.read().text()).isEqualTo("<p>hi</p>");
        }
    }

    @Test
    void directoriesServeIndexOrAnEscapedListing() throws IOException {
        assertThat(request(get("/sub/")).text()).isEqualTo("<h1>sub index</h1>");
        RawClient.Reply redirect = request(get("/sub?x=1"));
        assertThat(redirect.status()).isEqualTo(301);
        assertThat(redirect.header("Location")).isEqualTo("/sub/?x=1");

        Files.writeString(root.resolve("a<b>&\"c\".txt"), "x");
        Files.writeString(root.resolve("caf\u00e9 #1.txt"), "x");
        RawClient.Reply listing = request(get("/"));
        assertThat(listing.header("Content-Type")).startsWith("text/html");
        assertThat(listing.text())
                .contains("a&lt;b&gt;&amp;&quot;c&quot;.txt")
                .contains("href=\"a%3Cb%3E%26%22c%22.txt\"")
                .contains("href=\"caf%C3%A9%20%231.txt\"")
                .contains("href=\"sub/\"")
                .doesNotContain("<b>");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"bytes=13-, bytes=200000-", "bytes=14-, bytes=200001-",
            "bytes=99-, bytes=999999-", "bytes=13-20, bytes=200000-200007"})
    void everyRangeFromTheEndOnIsUnsatisfiable(String range, String bigRange) throws IOException {
        // Small-file path and file-region path alike.
        Files.write(root.resolve("big.bin"), new byte[200_000]);
        RawClient.Reply small = request("GET /hello.txt HTTP/1.1\r\nHost: t\r\nRange: " + range + "\r\n\r\n");
        assertThat(small.status()).isEqualTo(416);
        assertThat(small.header("Content-Range")).isEqualTo("bytes */13");
        RawClient.Reply big = request("GET /big.bin HTTP/1.1\r\nHost: t\r\nRange: " + bigRange + "\r\n\r\n");
        assertThat(big.status()).isEqualTo(416);
        assertThat(big.header("Content-Range")).isEqualTo("bytes */200000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"//evil.example/..", "///evil.example/..", "/sub//..//sub", "//sub"})
    void directoryRedirectNeverLeavesThisServer(String path) throws IOException {
        RawClient.Reply r = request(get(path));
        assertThat(r.status()).isEqualTo(301);
        assertThat(r.header("Location")).startsWith("/").doesNotStartWith("//").endsWith("/");
    }

    /**
     * Both uploads pass the check made before the body is read (each is invited with 100 Continue only
     * then); the precondition must hold again when the file is replaced, so the second one loses.
     */
    @ParameterizedTest
    @ValueSource(strings = {"If-None-Match: *", "If-Match: ETAG"})
    void racingConditionalPutsLetOnlyOneWin(String condition) throws IOException {
        String etag = request(get("/hello.txt")).header("ETag");
        String path = condition.startsWith("If-None-Match") ? "/new.txt" : "/hello.txt";
        String head = "PUT " + path + " HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n"
                + condition.replace("ETAG", etag) + "\r\n\r\n";
        try (RawClient a = client(); RawClient b = client()) {
            assertThat(a.send(head).read().status()).isEqualTo(100);
            assertThat(b.send(head).read().status()).isEqualTo(100);
            assertThat(a.send("first").read("PUT").status()).isIn(201, 204);
            assertThat(b.send("later").read("PUT").status()).isEqualTo(412);
        }
        assertThat(Files.readString(root.resolve(path.substring(1)))).isEqualTo("first");
        assertThat(noTempFiles()).isTrue();
    }

    @Test
    void singleRanges() throws IOException {
        RawClient.Reply part = request("GET /hello.txt HTTP/1.1\r\nHost: t\r\nRange: bytes=7-11\r\n\r\n");
        assertThat(part.status()).isEqualTo(206);
        assertThat(part.text()).isEqualTo("world");
        assertThat(part.header("Content-Range")).isEqualTo("bytes 7-11/13");

        RawClient.Reply suffix = request("GET /hello.txt HTTP/1.1\r\nHost: t\r\nRange: bytes=-6\r\n\r\n");
        assertThat(suffix.text()).isEqualTo("world\n");
        assertThat(suffix.header("Content-Range")).isEqualTo("bytes 7-12/13");

        RawClient.Reply open = request("GET /hello.txt HTTP/1.1\r\nHost: t\r\nRange: bytes=10-\r\n\r\n");
        assertThat(open.text()).isEqualTo("ld\n");

        RawClient.Reply beyond = request("GET /hello.txt HTTP/1.1\r\nHost: t\r\nRange: bytes=13-20\r\n\r\n");
        assertThat(beyond.status()).isEqualTo(416);
        assertThat(beyond.header("Content-Range")).isEqualTo("bytes */13");

        RawClient.Reply multi = request("GET /hello.txt HTTP/1.1\r\nHost: t\r\nRange: bytes=0-1,3-4\r\n\r\n");
        assertThat(multi.status()).isEqualTo(206);
        String type = multi.header("Content-Type");
        assertThat(type).startsWith("multipart/byteranges; boundary=");
        String boundary = type.substring(type.indexOf('=') + 1);
        assertThat(multi.text()).isEqualTo("\r\n--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Range: bytes 0-1/13\r\n\r\nhe"
                + "\r\n--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 3-4/13\r\n\r\nlo"
                + "\r\n--" + boundary + "--\r\n");
        assertThat(multi.header("Content-Length")).isEqualTo(Integer.toString(multi.body().length));
        assertThat(multi.header("Content-Range")).isNull();

        // Of a set, ranges past the end are dropped: one left is a plain 206.
        RawClient.Reply oneLeft = request("GET /hello.txt HTTP/1.1\r\nHost: t\r\nRange: bytes=7-11, 50-60\r\n\r\n");
        assertThat(oneLeft.status()).isEqualTo(206);
        assertThat(oneLeft.header("Content-Range")).isEqualTo("bytes 7-11/13");
        // Overlaps adding up to more than the file, or too many ranges: the whole file, once.
        RawClient.Reply overlapping = request("GET /hello.txt HTTP/1.1\r\nHost: t\r\nRange: bytes=0-,0-,0-\r\n\r\n");
        assertThat(overlapping.status()).isEqualTo(200);
        assertThat(overlapping.text()).isEqualTo("hello, world\n");
        String many = "bytes=" + "0-0,".repeat(16) + "1-1";
        RawClient.Reply tooMany = request("GET /hello.txt HTTP/1.1\r\nHost: t\r\nRange: " + many + "\r\n\r\n");
        assertThat(tooMany.status()).isEqualTo(200);
        RawClient.Reply head = request("HEAD /hello.txt HTTP/1.1\r\nHost: t\r\nRange: bytes=0-1,3-4\r\n\r\n");
        assertThat(head.status()).isEqualTo(206);
        assertThat(head.header("Content-Type")).startsWith("multipart/byteranges; boundary=");
        assertThat(head.body()).isEmpty();

        RawClient.Reply staleIfRange = request("GET /hello.txt HTTP/1.1\r\nHost: t\r\nRange: bytes=0-1\r\nIf-Range: \"stale\"\r\n\r\n");
        assertThat(staleIfRange.status()).isEqualTo(200);
    }

    @Test
    void conditionalGets() throws IOException {
        RawClient.Reply first = request(get("/hello.txt"));
        String etag = first.header("ETag");
        String lastModified = first.header("Last-Modified");

        RawClient.Reply byTag = request("GET /hello.txt HTTP/1.1\r\nHost: t\r\nIf-None-Match: \"other\", " + etag + "\r\n\r\n");
        assertThat(byTag.status()).isEqualTo(304);
        assertThat(byTag.body()).isEmpty();
        assertThat(byTag.header("ETag")).isEqualTo(etag);

        assertThat(request("GET /hello.txt HTTP/1.1\r\nHost: t\r\nIf-None-Match: \"other\"\r\n\r\n").status()).isEqualTo(200);
        assertThat(request("GET /hello.txt HTTP/1.1\r\nHost: t\r\nIf-Modified-Since: " + lastModified + "\r\n\r\n").status()).isEqualTo(304);
        String older = HttpDates.format(Instant.now().minus(Duration.ofDays(2)));
        Files.setLastModifiedTime(root.resolve("hello.txt"), java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofDays(1))));
        assertThat(request("GET /hello.txt HTTP/1.1\r\nHost: t\r\nIf-Modified-Since: " + older + "\r\n\r\n").status()).isEqualTo(200);

        // A replaced file has a new tag, so the old one no longer matches.
        assertThat(request("PUT /hello.txt HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nnew").status()).isEqualTo(204);
        assertThat(request("GET /hello.txt HTTP/1.1\r\nHost: t\r\nIf-None-Match: " + etag + "\r\n\r\n").status()).isEqualTo(200);
    }

    @Test
    void putCreatesThenReplacesAndDeleteRemoves() throws IOException {
        RawClient.Reply created = request("PUT /new.txt HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nfirst");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/new.txt");
        assertThat(Files.readString(root.resolve("new.txt"))).isEqualTo("first");

        RawClient.Reply replaced = request("PUT /new.txt HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nsecond\r\n0\r\n\r\n");
        assertThat(replaced.status()).isEqualTo(204);
        assertThat(request(get("/new.txt")).text()).isEqualTo("second");

        assertThat(request("PUT /new.txt HTTP/1.1\r\nHost: t\r\nIf-None-Match: *\r\nContent-Length: 1\r\n\r\nx").status()).isEqualTo(412);
        assertThat(request("PUT /nodir/x.txt HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\n\r\nx").status()).isEqualTo(409);

        assertThat(request("DELETE /new.txt HTTP/1.1\r\nHost: t\r\n\r\n").status()).isEqualTo(204);
        assertThat(root.resolve("new.txt")).doesNotExist();
        assertThat(request("DELETE /new.txt HTTP/1.1\r\nHost: t\r\n\r\n").status()).isEqualTo(404);
        assertThat(request("DELETE /sub HTTP/1.1\r\nHost: t\r\n\r\n").status()).isEqualTo(409);
        assertThat(noTempFiles()).isTrue();
    }

    @Test
    void optionsAndUnsupportedMethods() throws IOException {
        RawClient.Reply options = request("OPTIONS /hello.txt HTTP/1.1\r\nHost: t\r\n\r\n");
        assertThat(options.status()).isEqualTo(204);
        assertThat(options.header("Allow")).isEqualTo("GET, HEAD, PUT, DELETE, OPTIONS");
        RawClient.Reply post = request("POST /hello.txt HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\n\r\nx");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.header("Allow")).isEqualTo("GET, HEAD, PUT, DELETE, OPTIONS");
    }

    @Test
    void readOnlyRefusesWrites() throws IOException {
        server.close();
        server = start(true);
        RawClient.Reply put = request("PUT /hello.txt HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\n\r\nx");
        assertThat(put.status()).isEqualTo(405);
        assertThat(put.header("Allow")).isEqualTo("GET, HEAD, OPTIONS");
        assertThat(request("DELETE /hello.txt HTTP/1.1\r\nHost: t\r\n\r\n").status()).isEqualTo(405);
        assertThat(Files.readString(root.resolve("hello.txt"))).isEqualTo("hello, world\n");
        assertThat(request(get("/hello.txt")).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/.%2e/secret.txt",
        "/sub/../../secret.txt",
        "/sub/%2e%2e/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/%00/../secret.txt",
        "/secret.txt%00.html",
        "//../secret.txt",
        "http://t/../secret.txt",
        "/%252e%252e/secret.txt",
    })
    void traversalNeverLeavesTheRoot(String target) throws IOException {
        for (String method : new String[] {"GET", "PUT", "DELETE"}) {
            String body = method.equals("PUT") ? "Content-Length: 5\r\n\r\nowned" : "\r\n";
            RawClient.Reply r = request(method + " " + target + " HTTP/1.1\r\nHost: t\r\n" + body);
            assertThat(r.status()).as(method + " " + target).isIn(400, 403, 404, 409);
            assertThat(r.text()).doesNotContain(SECRET);
        }
        assertThat(Files.readString(base.resolve("secret.txt"))).isEqualTo(SECRET);
        try (Stream<Path> files = Files.list(base)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("site", "secret.txt");
        }
    }

    @Test
    void absolutePathStaysUnderTheRoot() throws IOException {
        RawClient.Reply r = request(get("//etc/passwd"));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.text()).doesNotContain("root:");
    }

    @Test
    void uploadsInProgressAndLeftoversAreNeverServedAndGoAtStart() throws IOException {
        server.close();
        Path uploads = Files.createDirectories(root.resolve(DocumentHandler.UPLOADS_DIR));
        Path leftover = Files.writeString(uploads.resolve(DocumentHandler.TEMP_PREFIX + "123.tmp"), "half an upload");
        server = start(false);
        assertThat(leftover).doesNotExist();

        RawClient uploader = client();
        try {
            uploader.send("PUT /doc.txt HTTP/1.1\r\nHost: t\r\nContent-Length: 500000\r\n\r\n");
            uploader.send(new byte[200_000]);
            await().atMost(Duration.ofSeconds(10)).until(() -> !noTempFiles());
            String inProgress;
            try (Stream<Path> files = Files.list(uploads)) {
                inProgress = files.findFirst().orElseThrow().getFileName().toString();
            }
            assertThat(request(get("/" + DocumentHandler.UPLOADS_DIR + "/" + inProgress)).status()).isEqualTo(404);
            assertThat(request(get("/sub/../" + DocumentHandler.UPLOADS_DIR + "/")).status()).isEqualTo(404);
            assertThat(request("DELETE /" + DocumentHandler.UPLOADS_DIR + "/" + inProgress + " HTTP/1.1\r\nHost: t\r\n\r\n").status())
                    .isEqualTo(404);
            assertThat(request(get("/")).text()).doesNotContain(DocumentHandler.UPLOADS_DIR).doesNotContain(inProgress);
        } finally {
            uploader.close();
        }
    }

    @Test
    void symlinksAreNotFollowedUnlessAllowed() throws IOException {
        Path outside = Files.createDirectories(base.resolve("outside"));
        Files.writeString(outside.resolve("victim.txt"), "keep me");
        Files.createSymbolicLink(root.resolve("leak.txt"), base.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("out"), outside);
        Files.createSymbolicLink(root.resolve("sub/inner.txt"), root.resolve("hello.txt"));

        assertThat(request(get("/leak.txt")).status()).isEqualTo(403);
        assertThat(request(get("/out/victim.txt")).status()).isEqualTo(403);
        assertThat(request(get("/out/")).status()).isEqualTo(403);
        assertThat(request(get("/sub/inner.txt")).status()).isEqualTo(403);
        assertThat(request("PUT /out/new.txt HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc").status()).isEqualTo(403);
        assertThat(request("PUT /leak.txt HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc").status()).isEqualTo(403);
        assertThat(request("DELETE /out/victim.txt HTTP/1.1\r\nHost: t\r\n\r\n").status()).isEqualTo(403);
        assertThat(outside.resolve("new.txt")).doesNotExist();
        assertThat(Files.readString(outside.resolve("victim.txt"))).isEqualTo("keep me");
        assertThat(Files.readString(base.resolve("secret.txt"))).isEqualTo(SECRET);

        server.close();
        server = HttpServer.builder().port(0).route("/", new DocumentHandler(root, true, true)).build().start();
        assertThat(request(get("/leak.txt")).text()).isEqualTo(SECRET);
        assertThat(request(get("/out/victim.txt")).text()).isEqualTo("keep me");
    }

    @Test
    void uploadCutOffMidwayLeavesTheOldVersion() throws IOException {
        Files.writeString(root.resolve("doc.txt"), "old content");
        RawClient uploader = client();
        try {
            uploader.send("PUT /doc.txt HTTP/1.1\r\nHost: t\r\nContent-Length: 500000\r\n\r\n");
            uploader.send(new byte[200_000]);
            // While the upload is half done, readers still get the old version.
            await().atMost(Duration.ofSeconds(10)).until(() -> !noTempFiles());
            assertThat(request(get("/doc.txt")).text()).isEqualTo("old content");
        } finally {
            uploader.close();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections() == 0);
        assertThat(Files.readString(root.resolve("doc.txt"))).isEqualTo("old content");
        assertThat(noTempFiles()).isTrue();
    }

    @Test
    void uploadOverTheLimitIs413AndLeavesTheOldVersion() throws IOException {
        Files.writeString(root.resolve("doc.txt"), "old content");
        try (RawClient c = client()) {
            c.send("PUT /doc.txt HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n");
            byte[] chunk = new byte[256 * 1024];
            String size = Integer.toHexString(chunk.length) + "\r\n";
            try {
                for (int i = 0; i < 5; i++) {
                    c.send(size);
                    c.send(chunk);
                    c.send("\r\n");
                }
                c.send("0\r\n\r\n");
            } catch (IOException e) {
                // the server may stop reading once it has refused
            }
            assertThat(c.read().status()).isEqualTo(413);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections() == 0);
        assertThat(Files.readString(root.resolve("doc.txt"))).isEqualTo("old content");
        assertThat(noTempFiles()).isTrue();
    }

    @Test
    void largeFilesRoundTrip() throws IOException {
        byte[] data = new byte[20 * 1024 * 1024 + 17];
        new Random(42).nextBytes(data);
        Files.write(root.resolve("big.bin"), data);
        try (RawClient c = client()) {
            RawClient.Reply whole = c.exchange(get("/big.bin"));
            assertThat(whole.header("Content-Type")).isEqualTo("application/octet-stream");
            assertThat(whole.body()).isEqualTo(data);
            RawClient.Reply tail = c.exchange("GET /big.bin HTTP/1.1\r\nHost: t\r\nRange: bytes=20000000-\r\n\r\n");
            assertThat(tail.body()).isEqualTo(java.util.Arrays.copyOfRange(data, 20_000_000, data.length));
        }
    }

    private boolean noTempFiles() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.noneMatch(p -> p.getFileName().toString().startsWith(DocumentHandler.TEMP_PREFIX));
        }
    }

}
