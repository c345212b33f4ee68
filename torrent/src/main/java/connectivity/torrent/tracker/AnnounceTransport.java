package connectivity.torrent.tracker;

import java.io.IOException;
import java.net.URI;

/** Fetches a tracker URL and returns the body; a non-2xx answer or a network problem is an IOException. */
@FunctionalInterface
public interface AnnounceTransport {
    byte[] get(URI uri) throws IOException;
}
