package connectivity.torrent.magnet;

import java.net.InetSocketAddress;

/**
 * A peer address from a magnet link's {@code x.pe}: a host (name, IPv4, or IPv6 without its brackets) and a port.
 * Kept unresolved: parsing a link never looks a name up.
 */
public record PeerHint(String host, int port) {
    public PeerHint {
        if (host.isEmpty()) throw new IllegalArgumentException("empty host");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port " + port);
    }

    /** The socket address; a literal address resolves without a lookup, a name is looked up here. */
    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(host, port);
    }

    /** As {@code x.pe} writes it: {@code host:port}, an IPv6 address in brackets. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
