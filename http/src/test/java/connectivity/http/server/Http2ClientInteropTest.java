package connectivity.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import connectivity.http.HttpVersion;
import connectivity.http.client.HttpClient;
import connectivity.http.client.HttpRequest;
import connectivity.http.client.HttpResponse;
import connectivity.http.tls.Certificates;
import connectivity.http.tls.ClientTls;
import connectivity.http.tls.ServerTls;
import connectivity.http.documents.DocumentHandler;
import connectivity.net.testing.RealPeers;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/2 with real peers on 127.0.0.1: our client against nginx (h2 by ALPN over TLS, and h2c with prior
 * knowledge), and nghttp against our server over TLS.
 */
@Timeout(120)
class Http2ClientInteropTest {
    @TempDir
    Path dir;

    @Test
    void ourClientSpeaksHttp2ToNginxOverTlsAndCleartext() throws Exception {
        RealPeers.require("nginx");
        Certificates.Issued cert = Certificates.localhost();
        Path site = Files.createDirectories(dir.resolve("site"));
        byte[] big = new byte[6 * 1024 * 1024 + 3];
        new Random(11).nextBytes(big);
        Files.write(site.resolve("big.bin"), big);
        for (int i = 0; i < 16; i++) Files.writeString(site.resolve("f" + i + ".txt"), ("nginx " + i + "\n").repeat(300 * (i + 1)));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(site, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (var files = Files.list(site)) {
            for (Path f : files.toList()) Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        }
        int tlsPort = freePort();
        int h2cPort = freePort();
        Path conf = dir.resolve("nginx.conf");
        // keepalive_requests 10: nginx ends each HTTP/2 connection with GOAWAY after 10 streams.
        Files.writeString(conf, """
                daemon off;
                worker_processes 1;
                pid RUN/nginx.pid;
                error_log RUN/error.log warn;
                events { worker_connections 64; }
                http {
                    access_log off;
                    keepalive_requests 10;
                    client_body_temp_path RUN/body; proxy_temp_path RUN/proxy; fastcgi_temp_path RUN/fastcgi;
                    uwsgi_temp_path RUN/uwsgi; scgi_temp_path RUN/scgi;
                    server { listen 127.0.0.1:TLS ssl http2; root SITE;
                             ssl_certificate RUN/cert.pem; ssl_certificate_key RUN/cert.key; }
                    server { listen 127.0.0.1:H2C http2; root SITE; }
                }
                """.replace("RUN", dir.toString()).replace("SITE", site.toString())
                .replace("TLS", Integer.toString(tlsPort)).replace("H2C", Integer.toString(h2cPort)));
        TlsServerTest.writePem(cert, dir.resolve("cert.pem"), dir.resolve("cert.key"));
        Process nginx = new ProcessBuilder("nginx", "-c", conf.toString(), "-p", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> listening(tlsPort) && listening(h2cPort));
            String tls = "https://127.0.0.1:" + tlsPort + "/";
            try (HttpClient client = HttpClient.builder().tls(ClientTls.trusting(List.of(cert.leaf())))
                    .http2(true, false).build()) {
                HttpResponse r = client.send(HttpRequest.get(URI.create(tls + "big.bin")));
                assertThat(r.version()).isEqualTo(HttpVersion.HTTP_2);
                assertThat(r.headers().first("server")).hasValueSatisfying(v -> assertThat(v).startsWith("nginx"));
                assertThat(r.body()).isEqualTo(big);
                // Nine more streams fit on this connection; 16 at once need a second one after nginx's GOAWAY.
                List<Future<HttpResponse>> answers = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    URI uri = URI.create(tls + "f" + i + ".txt");
                    answers.add(pool.submit(() -> client.send(HttpRequest.get(uri))));
                }
                for (int i = 0; i < 16; i++) {
                    assertThat(answers.get(i).get(30, TimeUnit.SECONDS).bodyText()).isEqualTo(("nginx " + i + "\n").repeat(300 * (i + 1)));
                }
                assertThat(client.openedConnections()).isBetween(2L, 4L);
                assertThat(client.send(HttpRequest.get(URI.create(tls + "missing"))).status()).isEqualTo(404);
            }
            try (HttpClient client = HttpClient.builder().http2(false, true).build()) {
                HttpResponse r = client.send(HttpRequest.get(URI.create("http://127.0.0.1:" + h2cPort + "/f3.txt")));
                assertThat(r.version()).isEqualTo(HttpVersion.HTTP_2);
                assertThat(r.bodyText()).isEqualTo("nginx 3\n".repeat(1200));
                HttpResponse head = client.send(HttpRequest.head(URI.create("http://127.0.0.1:" + h2cPort + "/big.bin")));
                assertThat(head.headers().first("content-length")).contains(Integer.toString(big.length));
                assertThat(head.body()).isEmpty();
            }
        } finally {
            pool.shutdownNow();
            Processes.kill(nginx);
        }
    }

    @Test
    void nghttpFetchesFromOurServerOverTlsWithH2() throws Exception {
        RealPeers.require("nghttp");
        Certificates.Issued cert = Certificates.localhost();
        Path root = Files.createDirectories(dir.resolve("site"));
        Files.writeString(root.resolve("index.html"), "<p>over h2 and tls</p>\n");
        for (int i = 0; i < 4; i++) Files.writeString(root.resolve("f" + i + ".txt"), ("part " + i + "\n").repeat(4000));
        List<String> log = new CopyOnWriteArrayList<>();
        try (HttpServer server = HttpServer.builder().tls(ServerTls.of(cert)).accessLog(log::add)
                .route("/", new DocumentHandler(root, true)).build().start()) {
            String base = "https://127.0.0.1:" + server.port() + "/";
            // nghttp does not check certificates (it has no --cacert): the self-signed one is accepted as it is.
            List<String> command = new ArrayList<>(List.of("nghttp", "-nv", "-t", "20", base + "index.html"));
            for (int i = 0; i < 4; i++) command.add(base + "f" + i + ".txt");
            Processes.Result r = Processes.run(Duration.ofSeconds(40), command);
            assertThat(r.exit()).as(r.stderr()).isZero();
            assertThat(r.stdout()).contains("The negotiated protocol: h2").contains(":status: 200")
                    .contains("recv SETTINGS frame").contains("recv DATA frame");
            assertThat(log).hasSize(5).allSatisfy(l -> assertThat(l).contains(" HTTP/2.0\" 200 "));
            assertThat(server.acceptedConnections()).isEqualTo(1);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
