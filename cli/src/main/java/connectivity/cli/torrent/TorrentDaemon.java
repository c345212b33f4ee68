package connectivity.cli.torrent;

import connectivity.cli.ByteSizeConverter;
import connectivity.cli.CliFailure;
import connectivity.cli.CommandOutput;
import connectivity.cli.PortConverter;
import connectivity.cli.dht.DhtOptions;
import connectivity.torrent.daemon.Daemon;
import connectivity.torrent.daemon.DaemonConfig;
import connectivity.torrent.daemon.DaemonServer;
import connectivity.torrent.daemon.Settings;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code conn torrent daemon}: many torrents, one peer port, Transmission's RPC and a web UI, until stopped. */
@Command(
        name = "daemon",
        mixinStandardHelpOptions = true,
        description = {"Run many torrents in one process on one peer port, driven by Transmission's RPC "
                + "(transmission-remote works) and a web interface at http://127.0.0.1:9091/.",
            "State (torrents, settings, verified pieces with file sizes and times) is saved atomically in --config-dir, "
                    + "so a restart, even after kill -9, resumes without rehashing unchanged files."})
public final class TorrentDaemon implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--download-dir", paramLabel = "DIR", description = "Where torrents download to (default: ~/Downloads).")
    Path downloadDir;

    @Option(names = "--config-dir", paramLabel = "DIR", description = "Where the state and .torrent files are kept (default: ~/.config/conn/daemon).")
    Path configDir;

    @Option(names = "--rpc-bind", paramLabel = "ADDR", description = "Address of the RPC and web UI (default: ${DEFAULT-VALUE}); off loopback a password is required.")
    String rpcBind = "127.0.0.1";

    @Option(names = "--rpc-port", paramLabel = "N", converter = PortConverter.class, description = "Port of the RPC and web UI (default: ${DEFAULT-VALUE}).")
    int rpcPort = 9091;

    @Option(names = "--rpc-username", paramLabel = "NAME", description = "User name for basic auth (with --rpc-password-file).")
    String rpcUser;

    @Option(names = "--rpc-password-file", paramLabel = "FILE", description = "File whose first line is the RPC password (basic auth).")
    Path rpcPasswordFile;

    @Option(names = "--rpc-host", paramLabel = "NAME", description = "A host name the RPC answers to besides IP addresses and localhost (repeatable; DNS rebinding guard).")
    List<String> rpcHosts = new ArrayList<>();

    @Option(names = "--port", paramLabel = "N", converter = PortConverter.class, description = "The one peer port for every torrent (default: ${DEFAULT-VALUE}).")
    int peerPort = 51413;

    @Option(names = "--bind", paramLabel = "ADDR", description = "Address the peer port listens on (default: ${DEFAULT-VALUE}).")
    String peerBind = "0.0.0.0";

    @Option(names = "--watch-dir", paramLabel = "DIR", description = "Add every .torrent file put in DIR (renamed NAME.torrent.added).")
    Path watchDir;

    @Option(names = "--download-limit", paramLabel = "RATE", converter = ByteSizeConverter.class, description = "Global download limit, e.g. 2M (default: none).")
    long downloadLimit = -1;

    @Option(names = "--upload-limit", paramLabel = "RATE", converter = ByteSizeConverter.class, description = "Global upload limit (default: none).")
    long uploadLimit = -1;

    @Option(names = "--dht-bootstrap", paramLabel = "HOST:PORT",
            description = "A DHT node to join through (repeatable), e.g. one run with `conn dht`; the table is saved in --config-dir.")
    List<String> dhtBootstrap = new ArrayList<>();

    @Option(names = "--no-dht", description = "Do not run the DHT node (saved as the dht-enabled setting; the RPC can turn it back on).")
    boolean noDht;

    @Option(names = "--queue", paramLabel = "N", description = "Most torrents downloading at once; the rest wait (default: 5, or what was saved).")
    int queue = -1;

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getProperty("user.home"));
        DaemonConfig config = DaemonConfig.of(downloadDir != null ? downloadDir : home.resolve("Downloads"),
                configDir != null ? configDir : home.resolve(".config/conn/daemon")).withPeerPort(peerBind, peerPort).withWatchDir(watchDir)
                .withDhtBootstrap(dhtBootstrap.stream().map(b -> DhtOptions.hostPort("--dht-bootstrap", b)).toList());
        DaemonServer.Options rpc = DaemonServer.Options.loopback(rpcPort).withBind(rpcBind).withAllowedHosts(rpcHosts);
        if (rpcPasswordFile != null) rpc = rpc.withPassword(rpcUser, readPassword(rpcPasswordFile));
        else if (rpcUser != null) throw new CliFailure(CliFailure.BAD_INPUT, "--rpc-username needs --rpc-password-file");
        PrintStream out = CommandOutput.of(spec);
        Daemon daemon;
        try {
            daemon = Daemon.start(config);
        } catch (BindException e) {
            throw new CliFailure(CliFailure.FAILED, "cannot listen for peers on port " + peerPort + " (in use?); choose another with --port");
        } catch (IOException e) {
            throw new CliFailure(CliFailure.FAILED, "cannot start the daemon: " + e.getMessage());
        }
        DaemonServer server;
        try {
            applySettings(daemon);
            server = DaemonServer.start(daemon, rpc);
        } catch (IllegalArgumentException e) {
            daemon.close();
            throw new CliFailure(CliFailure.BAD_INPUT, e.getMessage());
        } catch (IOException e) {
            daemon.close();
            throw new CliFailure(CliFailure.FAILED, "cannot listen for the RPC on " + rpcBind + ":" + rpcPort + " (in use?); choose another with --rpc-port");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            daemon.close();
            stopped.countDown();
        }));
        String host = rpcBind.contains(":") ? "[" + rpcBind + "]" : rpcBind;
        out.println("daemon: " + daemon.torrents().size() + " torrents, peers on port " + daemon.peerPort() + ", state in " + config.configDir());
        out.println("daemon: RPC on http://" + host + ":" + server.port() + "/transmission/rpc, web interface on http://" + host + ":" + server.port() + "/");
        out.flush();
        stopped.await();
        return 0;
    }

    private void applySettings(Daemon daemon) {
        Settings s = daemon.settings();
        if (downloadLimit >= 0 || uploadLimit >= 0) {
            s = s.withLimits(downloadLimit >= 0 ? downloadLimit : s.downloadLimit(), uploadLimit >= 0 ? uploadLimit : s.uploadLimit());
        }
        if (noDht) s = s.withDht(false);
        if (queue > 0) s = s.withQueueSize(queue);
        else if (queue == 0) throw new IllegalArgumentException("--queue must be at least 1");
        if (!s.equals(daemon.settings())) daemon.settings(s);
    }

    private static String readPassword(Path file) {
        try {
            Optional<String> first = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst();
            if (first.isEmpty() || first.get().isEmpty()) throw new CliFailure(CliFailure.BAD_INPUT, file + ": the first line (the password) is empty");
            return first.get();
        } catch (IOException e) {
            throw new CliFailure(CliFailure.BAD_INPUT, "cannot read " + file + ": " + e.getMessage());
        }
    }
}
