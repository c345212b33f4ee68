package connectivity.cli.web;

import connectivity.cli.CliFailure;
import connectivity.http.client.HttpClient;
import connectivity.http.client.HttpRequest;
import connectivity.http.client.HttpResponse;
import connectivity.http.client.HttpTarget;
import connectivity.http.client.UnsupportedUrlException;
import connectivity.net.NetFailures;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Options every web client command shares, and the one-line failures they all report. */
final class WebClientOptions {
    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Give up connecting, or waiting for the server, after this many seconds (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Option(names = "--max-redirects", paramLabel = "N", defaultValue = "5",
            description = "Follow at most N redirects; 0 shows the redirect itself (default: ${DEFAULT-VALUE}).")
    int maxRedirects;

    Duration timeout() {
        if (!(timeoutSeconds > 0) || timeoutSeconds > 86_400) {
            throw new CliFailure(CliFailure.BAD_INPUT, "--timeout must be between 0 and 86400 seconds");
        }
        return Duration.ofMillis(Math.max(1, Math.round(timeoutSeconds * 1000)));
    }

    HttpClient client() {
        if (maxRedirects < 0) throw new CliFailure(CliFailure.BAD_INPUT, "--max-redirects must be 0 or more");
        return HttpClient.builder()
                .connectTimeout(timeout())
                .readTimeout(timeout())
                .maxRedirects(maxRedirects)
                .build();
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
