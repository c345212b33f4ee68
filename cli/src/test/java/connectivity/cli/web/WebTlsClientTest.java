package connectivity.cli.web;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.http.server.HttpServer;
import connectivity.http.server.Response;
import connectivity.http.tls.Certificates;
import connectivity.http.tls.PemFiles;
import connectivity.http.tls.ServerTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** conn web get/head over https://: --cacert, --insecure, and each certificate failure as one line with exit 1. */
@Timeout(30)
class WebTlsClientTest {
    static final String NL = System.lineSeparator();

    @TempDir
    Path dir;
    HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private String serve(Certificates.Issued cert) throws Exception {
        server = HttpServer.builder().tls(ServerTls.of(cert)).route("/", r -> Response.text(200, "over tls\n")).build().start();
        return "https://127.0.0.1:" + server.port() + "/";
    }

    private Path pem(Certificates.Issued cert) throws Exception {
        Path file = Files.createTempFile(dir, "ca", ".pem");
        Files.writeString(file, PemFiles.toPem(cert.leaf()));
        return file;
    }

    @Test
    void cacertAndInsecure() throws Exception {
        Certificates.Issued cert = Certificates.localhost();
        String url = serve(cert);
        CliRun trusted = CliRun.of("web", "get", "--cacert", pem(cert).toString(), url);
        assertThat(trusted.exitCode()).as(trusted.stderr()).isZero();
        assertThat(trusted.stdout()).isEqualTo("over tls\n");
        assertThat(trusted.stderr()).isEmpty();

        CliRun insecure = CliRun.of("web", "head", "--insecure", url);
        assertThat(insecure.exitCode()).isZero();
        assertThat(insecure.stdout()).startsWith("HTTP/1.1 200 OK");
        assertThat(insecure.stderr()).isEqualTo("conn: warning: --insecure: the server's certificate and host name are not checked" + NL);

        CliRun untrusted = CliRun.of("web", "get", url);
        assertThat(untrusted.exitCode()).isEqualTo(1);
        assertThat(untrusted.stderr()).isEqualTo(
                "conn: certificate not trusted: CN=localhost: no trusted authority issued it (issuer CN=localhost)" + NL);

        CliRun missing = CliRun.of("web", "get", "--cacert", dir.resolve("none.pem").toString(), url);
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr()).isEqualTo("conn: --cacert " + dir.resolve("none.pem") + ": no such file" + NL);
    }

    @Test
    void http2ByAlpnAndWithPriorKnowledge() throws Exception {
        Certificates.Issued cert = Certificates.localhost();
        String url = serve(cert);
        CliRun head = CliRun.of("web", "head", "--http2", "--cacert", pem(cert).toString(), url);
        assertThat(head.exitCode()).as(head.stderr()).isZero();
        assertThat(head.stdout()).startsWith("HTTP/2 200" + NL).contains("content-type: text/plain");
        CliRun get = CliRun.of("web", "get", "--http2", "--cacert", pem(cert).toString(), url + "x");
        assertThat(get.stdout()).isEqualTo("over tls\n");

        try (HttpServer plain = HttpServer.builder().route("/", r -> Response.text(200, "h2c\n")).build().start()) {
            String h2c = "http://127.0.0.1:" + plain.port() + "/";
            CliRun prior = CliRun.of("web", "head", "--http2-prior-knowledge", h2c);
            assertThat(prior.exitCode()).as(prior.stderr()).isZero();
            assertThat(prior.stdout()).startsWith("HTTP/2 200" + NL);
            CliRun asked = CliRun.of("web", "head", "--http2", h2c); // --http2 alone leaves http:// on HTTP/1.1, as curl's ALPN does
            assertThat(asked.stdout()).startsWith("HTTP/1.1 200 OK" + NL);
        }
    }

    @Test
    void wrongHostNameAndExpiredCertificateEachReadAsOneLine() throws Exception {
        Certificates.Issued other = Certificates.selfSigned(List.of("other.example"), Duration.ofDays(1));
        String url = serve(other);
        CliRun wrong = CliRun.of("web", "get", "--cacert", pem(other).toString(), url);
        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.stderr()).isEqualTo("conn: host name does not match: the certificate is for other.example, not 127.0.0.1" + NL);
        server.close();

        Certificates.Issued ca = Certificates.authority("Test CA", Duration.ofDays(1));
        Certificates.Issued expired = Certificates.issue(ca, List.of("127.0.0.1"),
                Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-03-01T12:00:00Z"), false);
        url = serve(expired);
        CliRun old = CliRun.of("web", "get", "--cacert", pem(ca).toString(), url);
        assertThat(old.exitCode()).isEqualTo(1);
        assertThat(old.stderr()).isEqualTo("conn: certificate not trusted: CN=127.0.0.1 expired on 2024-03-01 12:00 UTC" + NL);
    }
}
