package connectivity.cli.web;

import connectivity.cli.CliFailure;
import connectivity.http.client.HttpClient;
import connectivity.http.client.HttpRequest;
import connectivity.http.client.HttpResponse;
import connectivity.http.client.HttpTarget;
import connectivity.http.client.UnsupportedUrlException;
import connectivity.http.tls.ClientTls;
import connectivity.http.tls.TlsConfigException;
import connectivity.net.NetFailures;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options every web client command shares, and the one-line failures they all report. */
final class WebClientOptions {
    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Give up connecting, or waiting for the server, after this many seconds (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Option(names = "--max-redirects", paramLabel = "N", defaultValue = "5",
            description = "Follow at most N redirects; 0 shows the redirect itself (default: ${DEFAULT-VALUE}).")
    int maxRedirects;

    @Option(names = "--cacert", paramLabel = "FILE",
            description = "For https:// URLs, trust only the certificates in this PEM file (a CA, or the server's own"
                    + " self-signed certificate) instead of the JDK's trust store.")
    Path caCert;

    @Option(names = {"-k", "--insecure"},
            description = "For https:// URLs, check neither the certificate chain nor the host name (prints a warning).")
    boolean insecure;

    @Option(names = "--http2",
            description = "For https:// URLs, offer HTTP/2 by ALPN (servers that pick it get the requests on one connection).")
    boolean http2;

    @Option(names = "--http2-prior-knowledge",
            description = "Speak HTTP/2 from the first byte, without asking: h2c for http:// URLs (and ALPN h2 for https://).")
    boolean http2PriorKnowledge;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    Duration timeout() {
        if (!(timeoutSeconds > 0) || timeoutSeconds > 86_400) {
            throw new CliFailure(CliFailure.BAD_INPUT, "--timeout must be between 0 and 86400 seconds");
        }
        return Duration.ofMillis(Math.max(1, Math.round(timeoutSeconds * 1000)));
    }

    HttpClient client() {
        if (maxRedirects < 0) throw new CliFailure(CliFailure.BAD_INPUT, "--max-redirects must be 0 or more");
        return HttpClient.builder()
                .tls(tls())
                .connectTimeout(timeout())
                .readTimeout(timeout())
                .maxRedirects(maxRedirects)
                .http2(http2, http2PriorKnowledge)
                .build();
    }

    private ClientTls tls() {
        if (insecure && caCert != null) throw new CliFailure(CliFailure.BAD_INPUT, "--insecure and --cacert contradict each other");
        if (insecure) {
            mixee.commandLine().getErr().println("conn: warning: --insecure: the server's certificate and host name are not checked");
            mixee.commandLine().getErr().flush();
            return ClientTls.insecure();
        }
        if (caCert == null) return ClientTls.systemDefault();
        try {
            return ClientTls.trusting(caCert);
        } catch (TlsConfigException e) {
            throw new CliFailure(CliFailure.BAD_INPUT, "--cacert " + e.getMessage());
        }
    }

    /** The user's URL, checked up front so that a typo is bad input (exit 2), not a failed download. */
    static URI url(String text) {
        try {
            URI uri = HttpTarget.parseUrl(text);
            HttpTarget.of(uri);
            return uri;
        } catch (UnsupportedUrlException e) {
            throw new CliFailure(CliFailure.BAD_INPUT, e.getMessage());
        }
    }

    /** A failed exchange, in the words the lecture uses: refused, reset, timed out, bad response. */
    /** Sends one request with a client made from these options; a network failure becomes the one-line failure. */
    HttpResponse send(HttpRequest request) {
        try (HttpClient client = client()) {
            return client.send(request);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    CliFailure failure(IOException e) {
        return new CliFailure(CliFailure.FAILED, NetFailures.describe(e, timeout()), e);
    }
}
