package connectivity.torrent.tracker;

import connectivity.http.client.HttpClient;
import connectivity.http.client.HttpRequest;
import connectivity.http.client.HttpResponse;
import connectivity.http.tls.ClientTls;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * Announces over our own HTTP client, to http:// and https:// trackers (the latter checked against the
 * JDK's trust store unless told otherwise); tracker responses are small, so bodies are capped at 4 MiB.
 */
public final class HttpAnnounceTransport implements AnnounceTransport, AutoCloseable {
    private final HttpClient client;

    public HttpAnnounceTransport(Duration timeout) {
        this(timeout, ClientTls.systemDefault());
    }

    /** With https:// trackers trusted as {@code tls} says. */
    public HttpAnnounceTransport(Duration timeout, ClientTls tls) {
        this.client = HttpClient.builder().tls(tls).connectTimeout(timeout).readTimeout(timeout).maxBodyBytes(4L << 20).build();
    }

    @Override
    public byte[] get(URI uri) throws IOException {
        HttpResponse r = client.send(HttpRequest.get(uri));
        if (!r.isSuccess()) throw new IOException("tracker answered " + r.status() + " " + r.reason());
        return r.body();
    }

    @Override
    public void close() {
        client.close();
    }
}
