package connectivity.cli.dht;

import connectivity.cli.CliFailure;
import connectivity.cli.Serving;
import connectivity.torrent.dht.DhtNode;
import connectivity.torrent.dht.DhtState;
import connectivity.torrent.dht.UdpTransport;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code conn dht}: a standalone DHT node (BEP 5) until interrupted. */
@Command(
        name = "dht",
        mixinStandardHelpOptions = true,
        description = {
            "Run a BitTorrent DHT node (BEP 5, KRPC over UDP): answers ping, find_node, get_peers and announce_peer.",
            "Prints its address and node ID, then serves until interrupted (Ctrl-C / SIGTERM), saving its routing table to --state."
        },
        subcommands = {DhtLookup.class})
public final class DhtCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    DhtOptions options = new DhtOptions(6881);

    @Option(names = "--state", paramLabel = "FILE",
            description = "Read the node ID and routing table from FILE at start, save them there while running and at exit.")
    Path state;

    /** Whether the node keeps nodes with IDs their IP may not have out of its table (for tests of the options). */
    public boolean enforcesNodeIds() {
        return options.config().enforceNodeIds();
    }

    @Override
    public void run() {
        InetSocketAddress bind = options.bindAddress();
        List<InetSocketAddress> bootstrap = options.bootstrapAddresses();
        Optional<DhtState> saved = readState();
        UdpTransport udp;
        try {
            udp = UdpTransport.bind(bind);
        } catch (IOException e) {
            throw Serving.cannotListen(options.bind, options.port, e);
        }
        DhtNode node = DhtNode.start(options.config(), udp, Clock.systemUTC(), saved, bootstrap, Optional.ofNullable(state));
        PrintWriter out = spec.commandLine().getOut();
        out.println("dht node on udp " + DhtOptions.show(node.address()) + " id " + node.id().hex());
        out.flush();
        Thread.ofVirtual().start(() -> node.bootstrap(Duration.ofSeconds(30)));
        Serving.untilSignalled("dht", node::close);
    }

    private Optional<DhtState> readState() {
        if (state == null) return Optional.empty();
        try {
            return DhtState.read(state);
        } catch (IOException e) {
            throw new CliFailure(CliFailure.BAD_INPUT, state + ": not a DHT state file (" + e.getMessage() + ")");
        }
    }
}
