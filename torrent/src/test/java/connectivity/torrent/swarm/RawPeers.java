package connectivity.torrent.swarm;

import connectivity.net.Connection;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** For tests that play a peer over a raw connection. */
final class RawPeers {
    private RawPeers() {}

    /** True if the swarm closed the connection (end of stream or reset) within 15 s; false if it is still open. */
    static boolean closedBySwarm(Connection c) throws IOException {
        c.readTimeout(Duration.ofSeconds(15));
        InputStream in = c.input();
        byte[] buf = new byte[64 * 1024];
        try {
            while (in.read(buf) >= 0) {
                // what it sent before it closed
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
