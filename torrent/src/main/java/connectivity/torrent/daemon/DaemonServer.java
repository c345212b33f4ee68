package connectivity.torrent.daemon;

import connectivity.http.server.HttpServer;
import connectivity.torrent.daemon.rpc.RpcGate;
import connectivity.torrent.daemon.rpc.RpcHandler;
import connectivity.torrent.daemon.rpc.TorrentAdder;
import connectivity.torrent.daemon.rpc.TransmissionRpc;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The daemon's HTTP face on our own server: Transmission's RPC at {@code /transmission/rpc} and the web UI at
 * {@code /} (also at {@code /transmission/web/}, where Transmission's clients link to). Refuses to listen off
 * loopback without a password.
 */
public final class DaemonServer implements Closeable {
    /** Where and how the RPC listens. {@code allowedHosts}: host names besides IP literals and localhost (DNS rebinding). */
    public record Options(String bind, int port, Optional<String> user, Optional<String> password, List<String> allowedHosts, int maxConnections) {
        public static Options loopback(int port) {
            return new Options("127.0.0.1", port, Optional.empty(), Optional.empty(), List.of(), 256);
        }

        public Options withPassword(String u, String p) {
            return new Options(bind, port, Optional.ofNullable(u), Optional.of(p), allowedHosts, maxConnections);
        }

        public Options withBind(String b) {
            return new Options(b, port, user, password, allowedHosts, maxConnections);
        }

        public Options withAllowedHosts(List<String> hosts) {
            return new Options(bind, port, user, password, List.copyOf(hosts), maxConnections);
        }
    }

    private final HttpServer server;
    private final RpcGate gate;

    private DaemonServer(HttpServer server, RpcGate gate) {
        this.server = server;
        this.gate = gate;
    }

    public static DaemonServer start(Daemon daemon, Options o) throws IOException {
        if (o.password().isEmpty() && !InetAddress.getByName(o.bind()).isLoopbackAddress()) {
            throw new IllegalArgumentException("the RPC would listen on " + o.bind() + " without a password: give one (--rpc-password-file) "
                    + "or bind to 127.0.0.1");
        }
        RpcGate gate = new RpcGate(o.user(), o.password(), o.allowedHosts());
        RpcHandler rpc = new RpcHandler(gate, new TransmissionRpc(daemon, new TorrentAdder(false)));
        WebUi ui = new WebUi(gate);
        HttpServer server = HttpServer.builder().bind(o.bind()).port(o.port()).maxConnections(o.maxConnections())
                .maxBodyBytes(RpcHandler.MAX_BODY + 1).requestTimeout(Duration.ofSeconds(20)).idleTimeout(Duration.ofSeconds(60))
                .route("/transmission/rpc", rpc).route("/", ui).build().start();
        return new DaemonServer(server, gate);
    }

    public int port() {
        return server.port();
    }

    public String sessionId() {
        return gate.sessionId();
    }

    @Override
    public void close() {
        server.close();
    }
}
