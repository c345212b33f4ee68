package connectivity.net.support;

import java.net.InetSocketAddress;

/**
 * HOST:PORT as users, peers and our own protocols write it: a name, an IPv4 literal, or an IPv6 literal (in
 * brackets, or bare, since the port after the last colon is unambiguous), then a port from 0 to 65535 (0, "any",
 * only makes sense to listen on: {@link #dialable}).
 * One parser for every option and message that names an endpoint, so they all accept and refuse the same text.
 */
public record HostPort(String host, int port) {
    public HostPort {
        if (host.isEmpty()) throw new IllegalArgumentException("no host");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port + " is not 0-65535");
    }

    /** Parses {@code text}; the exception's message says what is wrong with it ("expected HOST:PORT", "bad port"). */
    public static HostPort parse(String text) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("expected [IPv6]:PORT");
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0) throw new IllegalArgumentException("expected HOST:PORT");
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
        }
        if (host.isEmpty()) throw new IllegalArgumentException("expected HOST:PORT (no host)");
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("bad port");
        }
        int p = Integer.parseInt(port);
        if (p > 65535) throw new IllegalArgumentException("bad port");
        return new HostPort(host, p);
    }

    /** This, if it names a port one can connect to (not 0). */
    public HostPort dialable() {
        if (port == 0) throw new IllegalArgumentException("bad port (0 cannot be dialled)");
        return this;
    }

    /** The address, looked up now if the host is a name (unresolved if the lookup fails). */
    public InetSocketAddress resolve() {
        return new InetSocketAddress(host, port);
    }

    /** The address without any lookup. */
    public InetSocketAddress unresolved() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
