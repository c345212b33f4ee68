package connectivity.cli.dht;

import connectivity.cli.CliFailure;
import connectivity.cli.PortConverter;
import connectivity.net.support.HostPort;
import connectivity.torrent.dht.DhtConfig;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Where a DHT node listens (UDP) and whom it asks first; shared by {@code conn dht} and {@code conn dht lookup}. */
public final class DhtOptions {
    @Option(names = "--port", paramLabel = "N", converter = PortConverter.class,
            description = "UDP port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR",
            description = "Address to listen on; an IPv6 address runs an IPv6 node (default: ${DEFAULT-VALUE}).")
    String bind = "0.0.0.0";

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "A DHT node to join through (repeatable). Without one, only nodes saved in --state are contacted.")
    List<String> bootstrap = new ArrayList<>();

    @Option(names = "--enforce-node-ids",
            description = "BEP 42: keep out of the routing table nodes whose ID does not fit their IP (loopback and private addresses exempt).")
    boolean enforceNodeIds;

    DhtOptions(int defaultPort) {
        this.port = defaultPort;
    }

    DhtConfig config() {
        return DhtConfig.defaults().withEnforceNodeIds(enforceNodeIds);
    }

    InetSocketAddress bindAddress() {
        InetSocketAddress a = new InetSocketAddress(bind, port);
        if (a.isUnresolved()) throw new CliFailure(CliFailure.BAD_INPUT, "--bind " + bind + ": not an address of this machine");
        return a;
    }

    List<InetSocketAddress> bootstrapAddresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String b : bootstrap) out.add(hostPort("--bootstrap", b));
        return out;
    }

    /** {@code s} as a dialable address, or one line naming {@code option} and what is wrong. */
    public static InetSocketAddress hostPort(String option, String s) {
        InetSocketAddress a;
        try {
            a = HostPort.parse(s).dialable().resolve();
        } catch (IllegalArgumentException e) {
            throw new CliFailure(CliFailure.BAD_INPUT, option + " " + s + ": " + e.getMessage());
        }
        if (a.isUnresolved()) throw new CliFailure(CliFailure.BAD_INPUT, option + " " + s + ": unknown host");
        return a;
    }

    public static String show(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
