package connectivity.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import connectivity.http.client.HttpClient;
import connectivity.http.client.HttpRequest;
import connectivity.http.client.HttpResponse;
import connectivity.http.documents.DocumentHandler;
import connectivity.http.tls.Certificates;
import connectivity.http.tls.ClientTls;
import connectivity.http.tls.PemFiles;
import connectivity.http.tls.ServerTls;
import connectivity.http.tls.TlsFailureException;
import connectivity.net.testing.RealPeers;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real TLS peers on 127.0.0.1: curl against our server, our client against nginx. */
@Timeout(90)
class TlsInteropTest {
    @TempDir
    Path dir;

    @Test
    void curlVerifiesOurSelfSignedCertificateAndFetchesOverTls13And12() throws Exception {
        RealPeers.require("curl");
        Certificates.Issued cert = Certificates.localhost();
        Path ca = dir.resolve("ca.pem");
        Files.writeString(ca, PemFiles.toPem(cert.leaf()));
        Path root = Files.createDirectories(dir.resolve("site"));
        Files.writeString(root.resolve("hello.txt"), "hello over tls\n");
        List<String> log = new CopyOnWriteArrayList<>();
        try (HttpServer server = HttpServer.builder().tls(ServerTls.of(cert)).accessLog(log::add)
                .route("/", new DocumentHandler(root, true)).build().start()) {
            String url = "https://127.0.0.1:" + server.port() + "/hello.txt";
            for (String version : List.of("--tlsv1.3", "--tlsv1.2")) {
                Processes.Result r = curl("--cacert", ca.toString(), version, "--tls-max", version.substring(6), url);
                assertThat(r.stderr()).isEmpty();
                assertThat(r.stdout()).isEqualTo("hello over tls\n");
            }
            Processes.Result named = curl("--cacert", ca.toString(),
                    "--resolve", "localhost:" + server.port() + ":127.0.0.1", "https://localhost:" + server.port() + "/hello.txt");
            assertThat(named.stdout()).isEqualTo("hello over tls\n");
            // Without our certificate curl refuses, as it should.
            Processes.Result untrusted = curl(url);
            assertThat(untrusted.exit()).isEqualTo(60);
            // curl offers h2 by ALPN and gets it; asked for HTTP/1.1, it gets that.
            Processes.Result http11 = curl("--cacert", ca.toString(), "--http1.1", url);
            assertThat(http11.stdout()).isEqualTo("hello over tls\n");
            assertThat(log).hasSize(4);
            assertThat(log.subList(0, 3)).allSatisfy(line -> assertThat(line).contains("\"GET /hello.txt HTTP/2.0\" 200 15"));
            assertThat(log.get(3)).contains("\"GET /hello.txt HTTP/1.1\" 200 15");
        }
    }

    @Test
    void ourClientTalksToNginxOverTlsAndRefusesItsCertificateForAnotherName() throws Exception {
        RealPeers.require("nginx");
        Certificates.Issued ca = Certificates.authority("Interop CA", Duration.ofDays(1));
        Certificates.Issued good = Certificates.issue(ca, List.of("127.0.0.1", "localhost"),
                java.time.Instant.now().minusSeconds(60), java.time.Instant.now().plusSeconds(86_400), false);
        Certificates.Issued wrongName = Certificates.issue(ca, List.of("other.example"),
                java.time.Instant.now().minusSeconds(60), java.time.Instant.now().plusSeconds(86_400), false);
        Path site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<p>nginx over tls</p>\n");
        // nginx's workers may run as another user when started as root.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(site, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(site.resolve("index.html"), PosixFilePermissions.fromString("rw-r--r--"));
        int goodPort = freePort();
        int wrongPort = freePort();
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, """
                daemon off;
                worker_processes 1;
                pid RUN/nginx.pid;
                error_log RUN/error.log warn;
                events { worker_connections 64; }
                http {
                    access_log off;
                    client_body_temp_path RUN/body; proxy_temp_path RUN/proxy; fastcgi_temp_path RUN/fastcgi;
                    uwsgi_temp_path RUN/uwsgi; scgi_temp_path RUN/scgi;
                    ssl_protocols TLSv1.2 TLSv1.3;
                    server { listen 127.0.0.1:GOOD ssl; root SITE;
                             ssl_certificate RUN/good.pem; ssl_certificate_key RUN/good.key; }
                    server { listen 127.0.0.1:WRONG ssl; root SITE;
                             ssl_certificate RUN/wrong.pem; ssl_certificate_key RUN/wrong.key; }
                }
                """.replace("RUN", dir.toString()).replace("SITE", site.toString())
                .replace("GOOD", Integer.toString(goodPort)).replace("WRONG", Integer.toString(wrongPort)));
        TlsServerTest.writePem(good, dir.resolve("good.pem"), dir.resolve("good.key"));
        TlsServerTest.writePem(wrongName, dir.resolve("wrong.pem"), dir.resolve("wrong.key"));
        Process nginx = new ProcessBuilder("nginx", "-c", conf.toString(), "-p", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> listening(goodPort) && listening(wrongPort));
            try (HttpClient client = HttpClient.builder().tls(ClientTls.trusting(List.of(ca.leaf()))).build()) {
                HttpResponse r = client.send(HttpRequest.get(URI.create("https://127.0.0.1:" + goodPort + "/")));
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.headers().first("Server")).hasValueSatisfying(v -> assertThat(v).startsWith("nginx"));
                assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("<p>nginx over tls</p>\n");
                assertThatThrownBy(() -> client.send(HttpRequest.get(URI.create("https://127.0.0.1:" + wrongPort + "/"))))
                        .isInstanceOf(TlsFailureException.class)
                        .hasMessage("host name does not match: the certificate is for other.example, not 127.0.0.1");
            }
            // The JDK's own trust store knows nothing of our CA.
            try (HttpClient client = HttpClient.builder().build()) {
                assertThatThrownBy(() -> client.send(HttpRequest.get(URI.create("https://127.0.0.1:" + goodPort + "/"))))
                        .isInstanceOf(TlsFailureException.class)
                        .hasMessageStartingWith("certificate not trusted: CN=127.0.0.1: no trusted authority issued it");
            }
        } finally {
            Processes.kill(nginx);
        }
    }

    private static Processes.Result curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20", "--noproxy", "*"));
        command.addAll(List.of(args));
        return Processes.run(Duration.ofSeconds(30), command);
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
