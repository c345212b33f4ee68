package connectivity.cli.web;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.http.tls.Certificates;
import connectivity.http.tls.PemFiles;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The packaged {@code conn web serve} over HTTPS: PEM files, SIGHUP reload, --redirect-http, --hsts, --tls-self-signed. */
@Timeout(90)
class WebServeTlsIT {
    @TempDir
    Path dir;

    @Test
    void servesPemCertificateReloadsOnSighupAndRedirectsHttp() throws Exception {
        Path site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("hi.txt"), "hi\n");
        Certificates.Issued first = Certificates.localhost();
        Certificates.Issued second = Certificates.localhost();
        Path chain = dir.resolve("fullchain.pem");
        Path key = dir.resolve("key.pem");
        write(first, chain, key);
        Process conn = start("web", "serve", site.toString(), "--port", "0", "--tls-cert", chain.toString(),
                "--tls-key", key.toString(), "--redirect-http", "0", "--hsts");
        try {
            BufferedReader out = lines(conn);
            assertThat(out.readLine()).startsWith("certificate CN=localhost, valid until ")
                    .endsWith("SHA-256 " + Certificates.sha256Fingerprint(first.leaf()));
            int port = port(out.readLine(), "serving .+ on https://127\\.0\\.0\\.1:(\\d+)/");
            int plainPort = port(out.readLine(), "redirecting http://127\\.0\\.0\\.1:(\\d+)/ to https");

            try (SSLSocket s = tls(port)) {
                assertThat(s.getSession().getPeerCertificates()[0]).isEqualTo(first.leaf());
                String answer = exchange(s, "GET /hi.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
                assertThat(answer).startsWith("HTTP/1.1 200 OK").contains("Strict-Transport-Security: max-age=31536000").endsWith("hi\n");
            }
            try (Socket plain = new Socket("127.0.0.1", plainPort)) {
                plain.setSoTimeout(10_000);
                String answer = exchange(plain, "GET /hi.txt?x=1 HTTP/1.1\r\nHost: localhost:" + plainPort + "\r\nConnection: close\r\n\r\n");
                assertThat(answer).startsWith("HTTP/1.1 301 ").contains("Location: https://localhost:" + port + "/hi.txt?x=1\r\n");
            }

            write(second, chain, key);
            Process hup = new ProcessBuilder("kill", "-HUP", Long.toString(conn.pid())).start();
            assertThat(hup.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(out.readLine()).startsWith("reloaded certificate CN=localhost")
                    .endsWith("SHA-256 " + Certificates.sha256Fingerprint(second.leaf()));
            try (SSLSocket s = tls(port)) {
                assertThat(s.getSession().getPeerCertificates()[0]).isEqualTo(second.leaf());
            }
            assertThat(conn.isAlive()).as("SIGHUP does not end the server").isTrue();
        } finally {
            stop(conn);
        }
    }

    @Test
    void selfSignedCertificateIsPrintedWithItsFingerprintAndServed() throws Exception {
        Path site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("hi.txt"), "hi\n");
        Process conn = start("web", "serve", site.toString(), "--port", "0", "--tls-self-signed");
        try {
            BufferedReader out = lines(conn);
            Matcher m = Pattern.compile("self-signed certificate for localhost, 127\\.0\\.0\\.1, ::1; SHA-256 fingerprint ([0-9A-F:]{95})")
                    .matcher(out.readLine());
            assertThat(m.matches()).isTrue();
            int port = port(out.readLine(), "serving .+ on https://127\\.0\\.0\\.1:(\\d+)/");
            try (SSLSocket s = tls(port)) {
                assertThat(Certificates.sha256Fingerprint((X509Certificate) s.getSession().getPeerCertificates()[0]))
                        .isEqualTo(m.group(1));
            }
        } finally {
            stop(conn);
        }
    }

    private static Process start(String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-jar", System.getProperty("conn.jar", "target/conn.jar")));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        // A pipe read cannot be interrupted: if conn never prints, kill it so that readLine returns.
        p.onExit().thenApply(x -> true).completeOnTimeout(false, 60, TimeUnit.SECONDS)
                .thenAccept(exited -> { if (!exited) p.destroyForcibly(); });
        return p;
    }

    private static BufferedReader lines(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    private static int port(String line, String pattern) {
        assertThat(line).isNotNull();
        Matcher m = Pattern.compile(pattern).matcher(line);
        assertThat(m.matches()).as(line).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static String exchange(Socket s, String request) throws Exception {
        s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    private static SSLSocket tls(int port) throws Exception {
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, new TrustManager[] {new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        SSLSocket s = (SSLSocket) c.getSocketFactory().createSocket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        s.startHandshake();
        return s;
    }

    private static void write(Certificates.Issued issued, Path chain, Path key) throws Exception {
        Path tmp = Files.createTempFile(dir(chain), "chain", ".tmp");
        Files.writeString(tmp, PemFiles.toPem(issued.leaf()));
        Files.move(tmp, chain, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(issued.key().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
    }

    private static Path dir(Path file) {
        return file.toAbsolutePath().getParent();
    }
}
