package connectivity.torrent.tracker;

import connectivity.http.server.HttpServer;
import connectivity.http.server.Request;
import connectivity.http.server.Response;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The tracker's logic mounted on our HTTP server at {@code /announce} and {@code /scrape}. */
public final class TrackerServer implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(TrackerServer.class);
    private static final String CONTENT_TYPE = "text/plain";

    private final HttpServer server;
    private final Tracker tracker;
    private final String host;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread purger;

    private TrackerServer(HttpServer server, Tracker tracker, String host) {
        this.server = server;
        this.tracker = tracker;
        this.host = host;
        this.purger = Thread.ofVirtual().name("tracker-purge").unstarted(this::purgeLoop);
    }

    /** Binds {@code bind:port} (0 picks a free port) and starts serving. */
    public static TrackerServer start(Tracker tracker, String bind, int port) throws IOException {
        return start(tracker, bind, port, HttpServer.builder());
    }

    /** As {@link #start(Tracker, String, int)}, on a server configured further (e.g. its connection cap). */
    public static TrackerServer start(Tracker tracker, String bind, int port, HttpServer.Builder http) throws IOException {
        HttpServer server = http
                .bind(bind)
                .port(port)
                .maxBodyBytes(0)
                .route("/announce", r -> answer(r, tracker.announce(query(r), r.remoteAddress().getAddress())))
                .route("/scrape", r -> answer(r, tracker.scrape(query(r), r.remoteAddress().getAddress())))
                .build()
                .start();
        TrackerServer t = new TrackerServer(server, tracker, bind);
        t.purger.start();
        return t;
    }

    private static byte[] query(Request r) {
        return r.rawQuery().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Response answer(Request r, byte[] body) {
        // Failures too go out with 200: clients read the bencoded failure reason, not the status.
        return Response.of(200, CONTENT_TYPE, body);
    }

    public int port() {
        return server.port();
    }

    public Tracker tracker() {
        return tracker;
    }

    /** The URL clients announce to. */
    public String announceUrl() {
        String h = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        if (h.contains(":")) h = "[" + h + "]";
        return (server.secure() ? "https://" : "http://") + h + ":" + port() + "/announce";
    }

    private void purgeLoop() {
        Duration every = tracker.config().interval();
        try {
            while (!stop.await(every.toMillis(), TimeUnit.MILLISECONDS)) {
                try {
                    int n = tracker.purgeExpired();
                    if (n > 0) log.debug("dropped {} expired peers", n);
                } catch (SwarmStoreUnavailableException e) {
                    // the store has logged it; the next round tries again
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets requests in flight finish for up to {@code grace}, then closes. */
    public void shutdown(Duration grace) {
        stop.countDown();
        server.shutdown(grace);
    }

    @Override
    public void close() {
        stop.countDown();
        server.close();
    }
}
