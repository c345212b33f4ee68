package connectivity.torrent.daemon;

import connectivity.net.Connection;
import connectivity.net.Listener;
import connectivity.torrent.meta.InfoHash;
import connectivity.torrent.peer.Handshake;
import connectivity.torrent.swarm.Swarm;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one peer port of the daemon: reads each incoming handshake and hands the connection to the swarm of the
 * torrent it names; a handshake for a torrent we do not run (or not now) is closed without an answer.
 */
final class PeerPort implements AutoCloseable {
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private final Function<InfoHash, Optional<Swarm>> swarms;
    private volatile Listener listener;

    private PeerPort(Function<InfoHash, Optional<Swarm>> swarms) {
        this.swarms = swarms;
    }

    static PeerPort start(String bind, int port, int maxConnections, Function<InfoHash, Optional<Swarm>> swarms) throws IOException {
        PeerPort p = new PeerPort(swarms);
        p.listener = Listener.start("torrent-daemon-peers", bind, port, p::accept, Listener.Options.defaults().withMaxConnections(maxConnections));
        return p;
    }

    int port() {
        return listener.port();
    }

    private void accept(Connection c) throws IOException {
        c.readTimeout(HANDSHAKE_TIMEOUT);
        Handshake theirs = Handshake.read(c.input());
        Optional<Swarm> swarm = swarms.apply(new InfoHash(theirs.infoHash()));
        if (swarm.isPresent()) swarm.get().accept(c, theirs);
    }

    /** A peer's {@code HOST:PORT} (a v6 host in brackets) as an address; empty when it is not one. */
    static Optional<InetSocketAddress> address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) return Optional.empty();
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        try {
            return Optional.of(new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        listener.close();
    }
}
