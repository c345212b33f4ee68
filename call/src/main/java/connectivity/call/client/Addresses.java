package connectivity.call.client;

import connectivity.call.wire.CallProtocolException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** HOST:PORT as the rendezvous and the user write it. */
final class Addresses {
    private Addresses() {}

    static InetSocketAddress parse(String hostPort) throws CallProtocolException {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) throw new CallProtocolException("not HOST:PORT: " + hostPort);
        try {
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            if (port < 0 || port > 65535) throw new NumberFormatException();
            return new InetSocketAddress(hostPort.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw new CallProtocolException("bad port in " + hostPort);
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
