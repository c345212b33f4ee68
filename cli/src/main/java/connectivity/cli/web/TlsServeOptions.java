package connectivity.cli.web;

import connectivity.cli.CliFailure;
import connectivity.http.server.Handler;
import connectivity.http.tls.Certificates;
import connectivity.http.tls.ServerTls;
import connectivity.http.tls.TlsConfigException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import picocli.CommandLine.Option;

/** The TLS options of {@code conn web serve}: which certificate, reload on SIGHUP, redirect and HSTS. */
final class TlsServeOptions {
    /** One year, as the HSTS preload list asks for. */
    static final String HSTS = "max-age=31536000";

    @Option(names = "--tls-cert", paramLabel = "FULLCHAIN.pem",
            description = "Serve HTTPS with this PEM certificate chain (leaf first); needs --tls-key. SIGHUP re-reads both files.")
    Path cert;

    @Option(names = "--tls-key", paramLabel = "KEY.pem", description = "The unencrypted PEM private key (PKCS#8, RSA or EC) of --tls-cert.")
    Path key;

    @Option(names = "--tls-self-signed",
            description = "Serve HTTPS with a throwaway self-signed certificate for localhost and 127.0.0.1 (its SHA-256 fingerprint is printed).")
    boolean selfSigned;

    @Option(names = "--redirect-http", paramLabel = "PORT",
            description = "Also listen for plain HTTP on PORT and answer every request with 301 to the https:// URL (0: any free port).")
    Integer redirectPort;

    @Option(names = "--hsts", description = "Send Strict-Transport-Security: " + HSTS + " with every HTTPS response.")
    boolean hsts;

    boolean enabled() {
        return cert != null || key != null || selfSigned;
    }

    /** The server's TLS, or null for cleartext; prints what certificate it serves. */
    ServerTls load(PrintWriter out) {
        if (!enabled()) {
            if (redirectPort != null || hsts) throw new CliFailure(CliFailure.BAD_INPUT, "--redirect-http and --hsts need --tls-cert/--tls-key or --tls-self-signed");
            return null;
        }
        if (selfSigned && (cert != null || key != null)) {
            throw new CliFailure(CliFailure.BAD_INPUT, "--tls-self-signed and --tls-cert/--tls-key contradict each other");
        }
        if (redirectPort != null && (redirectPort < 0 || redirectPort > 65535)) {
            throw new CliFailure(CliFailure.BAD_INPUT, "--redirect-http port out of range: " + redirectPort);
        }
        ServerTls tls;
        if (selfSigned) {
            tls = ServerTls.of(Certificates.localhost());
            out.println("self-signed certificate for localhost, 127.0.0.1, ::1; SHA-256 fingerprint "
                    + Certificates.sha256Fingerprint(tls.certificate()));
        } else {
            if (cert == null || key == null) throw new CliFailure(CliFailure.BAD_INPUT, "--tls-cert and --tls-key go together");
            try {
                tls = ServerTls.fromPemFiles(cert, key);
            } catch (TlsConfigException e) {
                throw new CliFailure(CliFailure.BAD_INPUT, e.getMessage());
            }
            out.println("certificate " + describe(tls.certificate()));
        }
        return tls;
    }

    /** Wraps the document handler so that every answer carries the HSTS header when asked for. */
    Handler withHsts(Handler handler) {
        if (!hsts) return handler;
        return request -> handler.handle(request).withSetHeader("Strict-Transport-Security", HSTS);
    }

    /**
     * Re-reads the certificate files on SIGHUP (sun.misc.Signal: the JDK has no public API for it).
     * Without the handler, SIGHUP would end the process like SIGTERM.
     */
    @SuppressWarnings("sunapi")
    static void reloadOnHangup(ServerTls tls, PrintWriter out, PrintWriter err) {
        if (tls == null || !tls.reloadable()) return;
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
                try {
                    X509Certificate now = tls.reload();
                    synchronized (out) {
                        out.println("reloaded certificate " + describe(now));
                        out.flush();
                    }
                } catch (TlsConfigException e) {
                    synchronized (err) {
                        err.println("conn: certificate not reloaded, still serving the old one: " + e.getMessage());
                        err.flush();
                    }
                }
            });
        } catch (IllegalArgumentException e) {
            err.println("conn: warning: SIGHUP cannot be handled here (" + e.getMessage() + "); restart to load a new certificate");
        }
    }

    static String describe(X509Certificate c) {
        return c.getSubjectX500Principal().getName() + ", valid until " + c.getNotAfter().toInstant()
                + ", SHA-256 " + Certificates.sha256Fingerprint(c);
    }
}
