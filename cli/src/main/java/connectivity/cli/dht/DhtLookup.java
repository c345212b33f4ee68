package connectivity.cli.dht;

import connectivity.cli.CliFailure;
import connectivity.cli.Serving;
import connectivity.torrent.dht.DhtNode;
import connectivity.torrent.dht.LookupResult;
import connectivity.torrent.meta.InfoHash;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code conn dht lookup INFOHASH}: the peers the DHT knows for an info-hash. */
@Command(
        name = "lookup",
        mixinStandardHelpOptions = true,
        description = "Find peers for an info-hash in the DHT (get_peers lookup) and print them, one HOST:PORT a line.")
public final class DhtLookup implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INFOHASH", description = "40 hex digits.")
    String infoHash;

    @Mixin
    DhtOptions options = new DhtOptions(0);

    @Option(names = "--timeout", paramLabel = "S", defaultValue = "30",
            description = "Give up after S seconds (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--json", description = "Print one JSON object: infoHash, peers, hops, queries.")
    boolean json;

    @Override
    public Integer call() {
        InfoHash hash;
        try {
            hash = InfoHash.fromHex(infoHash);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(CliFailure.BAD_INPUT, "INFOHASH: " + e.getMessage());
        }
        if (timeoutSeconds < 1 || timeoutSeconds > 3600) throw new CliFailure(CliFailure.BAD_INPUT, "--timeout must be between 1 and 3600 seconds");
        List<InetSocketAddress> bootstrap = options.bootstrapAddresses();
        if (bootstrap.isEmpty()) throw new CliFailure(CliFailure.BAD_INPUT, "lookup needs at least one --bootstrap HOST:PORT");
        InetSocketAddress bind = options.bindAddress();
        try (DhtNode node = open(bind, bootstrap)) {
            LookupResult r = node.lookup(hash, Duration.ofSeconds(timeoutSeconds));
            if (r.peers().isEmpty()) {
                throw new CliFailure(CliFailure.FAILED, "no peers for " + hash.hex() + " within " + timeoutSeconds + " s ("
                        + r.closest().size() + " nodes answered)");
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println("{\"infoHash\":\"" + hash.hex() + "\",\"peers\":["
                        + r.peers().stream().map(p -> "\"" + DhtOptions.show(p) + "\"").collect(Collectors.joining(","))
                        + "],\"hops\":" + r.hops() + ",\"queries\":" + r.queries() + "}");
            } else {
                for (InetSocketAddress p : r.peers()) out.println(DhtOptions.show(p));
            }
            out.flush();
            return 0;
        }
    }

    private DhtNode open(InetSocketAddress bind, List<InetSocketAddress> bootstrap) {
        try {
            return DhtNode.open(bind, options.config(), bootstrap, Optional.empty());
        } catch (IOException e) {
            throw Serving.cannotListen(options.bind, options.port, e);
        }
    }
}
