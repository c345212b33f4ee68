package connectivity.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import connectivity.http.client.HttpClient;
import connectivity.http.client.HttpRequest;
import connectivity.http.client.HttpResponse;
import connectivity.http.tls.Certificates;
import connectivity.http.tls.ClientTls;
import connectivity.http.tls.PemFiles;
import connectivity.http.tls.ServerTls;
import connectivity.http.tls.TlsConfigException;
import connectivity.http.tls.TlsFailureException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Our server over TLS with our client (and a bare JDK TLS socket where ALPN or a stall is the point). */
@Timeout(60)
class TlsServerTest {
    static final Certificates.Issued LOCALHOST = Certificates.localhost();

    @TempDir
    Path dir;
    HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private HttpServer start(ServerTls tls, HttpServer.Builder b) throws Exception {
        server = b.tls(tls).route("/", r -> Response.text(200, "secret " + r.path())).build().start();
        return server;
    }

    private String url(String path) {
        return "https://127.0.0.1:" + server.port() + path;
    }

    private static HttpClient client(X509Certificate trusted) {
        return HttpClient.builder().tls(ClientTls.trusting(List.of(trusted))).readTimeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void ourClientFetchesOverTlsAndReusesTheConnection() throws Exception {
        start(ServerTls.of(LOCALHOST), HttpServer.builder());
        try (HttpClient client = client(LOCALHOST.leaf())) {
            HttpResponse a = client.send(HttpRequest.get(URI.create(url("/a"))));
            HttpResponse b = client.send(HttpRequest.get(URI.create(url("/b"))));
            assertThat(a.status()).isEqualTo(200);
            assertThat(new String(a.body(), StandardCharsets.UTF_8)).isEqualTo("secret /a");
            assertThat(new String(b.body(), StandardCharsets.UTF_8)).isEqualTo("secret /b");
            assertThat(client.openedConnections()).isEqualTo(1);
        }
    }

    @Test
    void alpnOffersH2ThenHttp11AndARegisteredProtocolTakesItsPlace() throws Exception {
        start(ServerTls.of(LOCALHOST), HttpServer.builder());
        try (SSLSocket s = rawTls(server.port(), "h2", "http/1.1")) {
            assertThat(s.getApplicationProtocol()).isEqualTo("h2");
            // Our HTTP/2 answers the preface with its SETTINGS frame (type 4 at byte 3 of the frame header).
            s.getOutputStream().write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});
            s.getOutputStream().flush();
            assertThat(s.getInputStream().readNBytes(9)[3]).isEqualTo((byte) 4);
        }
        try (SSLSocket s = rawTls(server.port(), "http/1.1")) {
            assertThat(s.getApplicationProtocol()).isEqualTo("http/1.1");
        }
        server.close();

        CountDownLatch handed = new CountDownLatch(1);
        start(ServerTls.of(LOCALHOST), HttpServer.builder().protocol("h2", transport -> {
            transport.output().write("h2 here".getBytes(StandardCharsets.US_ASCII));
            transport.output().flush();
            handed.countDown();
        }));
        try (SSLSocket s = rawTls(server.port(), "h2", "http/1.1")) {
            assertThat(s.getApplicationProtocol()).isEqualTo("h2");
            assertThat(new String(s.getInputStream().readNBytes(7), StandardCharsets.US_ASCII)).isEqualTo("h2 here");
        }
        assertThat(handed.await(5, TimeUnit.SECONDS)).isTrue();
        try (HttpClient client = client(LOCALHOST.leaf())) {
            assertThat(client.send(HttpRequest.get(URI.create(url("/x")))).status()).isEqualTo(200);
        }
    }

    @Test
    void aClientThatStallsInTheHandshakeIsClosedAtTheDeadlineWhileOthersAreServed() throws Exception {
        start(ServerTls.of(LOCALHOST).withHandshakeTimeout(Duration.ofMillis(500)), HttpServer.builder());
        try (Socket stalled = new Socket("127.0.0.1", server.port()); HttpClient client = client(LOCALHOST.leaf())) {
            stalled.setSoTimeout(10_000);
            OutputStream out = stalled.getOutputStream();
            out.write(new byte[] {0x16, 0x03, 0x01}); // the start of a ClientHello record, then nothing
            out.flush();
            assertThat(client.send(HttpRequest.get(URI.create(url("/meanwhile")))).status()).isEqualTo(200);
            long start = System.nanoTime();
            InputStream in = stalled.getInputStream();
            int read;
            try {
                read = in.read();
            } catch (java.net.SocketException reset) {
                read = -1;
            }
            assertThat(read).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aClientThatStallsMidHeadAfterTheHandshakeGets408AtTheRequestDeadline() throws Exception {
        // The idle timeout (30 s) is far past the test's own 10 s read timeout: only the 1 s deadline on
        // the whole head, enforced by the watchdog rather than a socket timeout, can answer in time.
        start(ServerTls.of(LOCALHOST), HttpServer.builder().requestTimeout(Duration.ofSeconds(1)).idleTimeout(Duration.ofSeconds(30)));
        try (SSLSocket s = rawTls(server.port(), "http/1.1")) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: t\r\nX-Half: ".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(reply).startsWith("HTTP/1.1 408 ");
        }
    }

    @Test
    void aTls12ClientThatStallsMidHeadIsClosedAtTheRequestDeadline() throws Exception {
        // On TLS 1.2 the JDK answers the end of our input by closing our side too, so the 408 may not
        // get out; the client must still be cut off at the deadline, long before the 30 s idle timeout.
        start(ServerTls.of(LOCALHOST), HttpServer.builder().requestTimeout(Duration.ofSeconds(1)).idleTimeout(Duration.ofSeconds(30)));
        try (SSLSocket s = rawTlsVersion(server.port(), "TLSv1.2", "http/1.1")) {
            assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.2");
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: t\r\nX-Half: ".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String reply;
            try {
                reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            } catch (javax.net.ssl.SSLException | java.net.SocketException closed) {
                reply = ""; // closed without close_notify, or reset: cut off all the same
            }
            assertThat(reply).satisfiesAnyOf(r -> assertThat(r).isEmpty(), r -> assertThat(r).startsWith("HTTP/1.1 408 "));
        }
    }

    @Test
    void anIdleTlsConnectionGets408AtTheIdleTimeoutAndIsClosed() throws Exception {
        start(ServerTls.of(LOCALHOST), HttpServer.builder().idleTimeout(Duration.ofSeconds(1)));
        try (SSLSocket s = rawTls(server.port(), "http/1.1")) {
            s.getOutputStream().write("GET /first HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(reply).startsWith("HTTP/1.1 200 ").contains("secret /first").contains("HTTP/1.1 408 ");
        }
    }

    @Test
    void reloadSwapsTheCertificateForNewHandshakesAndKeepsOpenConnections() throws Exception {
        Certificates.Issued first = Certificates.localhost();
        Certificates.Issued second = Certificates.localhost();
        Path chain = dir.resolve("fullchain.pem");
        Path key = dir.resolve("key.pem");
        writePem(first, chain, key);
        ServerTls tls = ServerTls.fromPemFiles(chain, key);
        start(tls, HttpServer.builder());
        try (SSLSocket old = rawTls(server.port(), "http/1.1")) {
            assertThat(old.getSession().getPeerCertificates()[0]).isEqualTo(first.leaf());
            writePem(second, chain, key);
            assertThat(tls.reload()).isEqualTo(second.leaf());
            try (SSLSocket fresh = rawTls(server.port(), "http/1.1")) {
                assertThat(fresh.getSession().getPeerCertificates()[0]).isEqualTo(second.leaf());
            }
            old.getOutputStream().write("GET /still HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            old.getOutputStream().flush();
            assertThat(new String(old.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                    .startsWith("HTTP/1.1 200").endsWith("secret /still");
        }
        // A broken file leaves the working certificate in place.
        Files.writeString(key, "not a key");
        assertThatThrownBy(tls::reload).isInstanceOf(TlsConfigException.class).hasMessageContaining("key.pem");
        assertThat(tls.certificate()).isEqualTo(second.leaf());
    }

    @Test
    void keyFilesAreCheckedAgainstTheCertificate() throws Exception {
        Path chain = dir.resolve("fullchain.pem");
        Path key = dir.resolve("key.pem");
        writePem(Certificates.localhost(), chain, dir.resolve("unused.pem"));
        writePem(Certificates.localhost(), dir.resolve("other.pem"), key);
        assertThatThrownBy(() -> ServerTls.fromPemFiles(chain, key))
                .hasMessageContaining("the private key does not belong to the first certificate");
        assertThatThrownBy(() -> ServerTls.fromPemFiles(dir.resolve("missing.pem"), key))
                .hasMessageEndingWith("missing.pem: no such file");
    }

    @Test
    void rsaKeysInPkcs8Work() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        java.security.KeyPair rsa = g.generateKeyPair();
        // An RSA leaf signed by an EC CA: the key kind the server uses is the leaf's.
        Certificates.Issued ca = Certificates.authority("Test CA", Duration.ofDays(1));
        Certificates.Issued ec = Certificates.issue(ca, List.of("127.0.0.1"), Instant.now().minusSeconds(60),
                Instant.now().plusSeconds(3600), false);
        assertThat(ec.chain()).hasSize(2);
        Path key = dir.resolve("rsa.pem");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(rsa.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        assertThat(PemFiles.readKey(key).getAlgorithm()).isEqualTo("RSA");
        assertThat(PemFiles.readKey(key).getEncoded()).isEqualTo(rsa.getPrivate().getEncoded());
    }

    @Test
    void theClientNamesEachCertificateFailureInOneLine() throws Exception {
        // A certificate for another name, served on 127.0.0.1.
        Certificates.Issued other = Certificates.selfSigned(List.of("other.example"), Duration.ofDays(1));
        start(ServerTls.of(other), HttpServer.builder());
        try (HttpClient client = client(other.leaf())) {
            assertThatThrownBy(() -> client.send(HttpRequest.get(URI.create(url("/")))))
                    .isInstanceOf(TlsFailureException.class)
                    .hasMessage("host name does not match: the certificate is for other.example, not 127.0.0.1");
        }
        // Not issued by anyone the JDK trusts.
        try (HttpClient client = HttpClient.builder().build()) {
            assertThatThrownBy(() -> client.send(HttpRequest.get(URI.create(url("/")))))
                    .isInstanceOf(TlsFailureException.class)
                    .hasMessage("certificate not trusted: CN=other.example: no trusted authority issued it (issuer CN=other.example)");
        }
        // --insecure: nothing checked.
        try (HttpClient client = HttpClient.builder().tls(ClientTls.insecure()).build()) {
            assertThat(client.send(HttpRequest.get(URI.create(url("/ok")))).status()).isEqualTo(200);
        }
        server.close();

        // Expired, from a CA the client trusts.
        Certificates.Issued ca = Certificates.authority("Test CA", Duration.ofDays(1));
        Certificates.Issued expired = Certificates.issue(ca, List.of("127.0.0.1"),
                Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2020-02-01T00:00:00Z"), false);
        start(ServerTls.of(expired), HttpServer.builder());
        try (HttpClient client = client(ca.leaf())) {
            assertThatThrownBy(() -> client.send(HttpRequest.get(URI.create(url("/")))))
                    .isInstanceOf(TlsFailureException.class)
                    .hasMessage("certificate not trusted: CN=127.0.0.1 expired on 2020-02-01 00:00 UTC");
        }
    }

    static void writePem(Certificates.Issued issued, Path chain, Path key) throws Exception {
        StringBuilder pem = new StringBuilder();
        for (X509Certificate c : issued.chain()) pem.append(PemFiles.toPem(c));
        // Written beside and moved, as certbot does: a reload never sees half a file.
        Path tmp = Files.createTempFile(chain.getParent(), "chain", ".tmp");
        Files.writeString(tmp, pem);
        Files.move(tmp, chain, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(issued.key().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
    }

    /** A bare JDK TLS client that trusts anything and offers these ALPN protocols. */
    static SSLSocket rawTls(int port, String... alpn) throws Exception {
        return rawTlsVersion(port, null, alpn);
    }

    /** The same, on one TLS version only (null: the JDK's default ones). */
    static SSLSocket rawTlsVersion(int port, String protocol, String... alpn) throws Exception {
        javax.net.ssl.SSLContext c = javax.net.ssl.SSLContext.getInstance("TLS");
        c.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        SSLSocket s = (SSLSocket) c.getSocketFactory().createSocket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        SSLParameters p = s.getSSLParameters();
        p.setApplicationProtocols(alpn);
        if (protocol != null) p.setProtocols(new String[] {protocol});
        s.setSSLParameters(p);
        s.startHandshake();
        return s;
    }
}
