package connectivity.call.client;

import connectivity.call.wire.CallProtocolException;
import connectivity.net.support.HostPort;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** HOST:PORT as the rendezvous and the user write it. */
final class Addresses {
    private Addresses() {}

    static InetSocketAddress parse(String hostPort) throws CallProtocolException {
        try {
            return HostPort.parse(hostPort).resolve();
        } catch (IllegalArgumentException e) {
            throw new CallProtocolException(hostPort + ": " + e.getMessage());
        }
    }

    static List<InetSocketAddress> parseAll(List<String> list) throws CallProtocolException {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String s : list) out.add(parse(s));
        return out;
    }

    /** All of them, or none if one is malformed (the caller then has nothing to try on that path). */
    static List<InetSocketAddress> parseAllQuietly(List<String> list) {
        try {
            return parseAll(list);
        } catch (CallProtocolException e) {
            return List.of();
        }
    }

    static String format(InetSocketAddress a) {
        return (a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString()) + ":" + a.getPort();
    }
}
