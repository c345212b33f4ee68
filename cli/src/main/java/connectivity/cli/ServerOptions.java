package connectivity.cli;

import connectivity.net.Listener;
import java.io.IOException;
import picocli.CommandLine.Mixin;

/** What every server command takes: where to listen and how many connections to hold at once. */
public final class ServerOptions {
    @Mixin
    ListenOptions listen;

    @Mixin
    ConnectionCapOption cap = new ConnectionCapOption();

    public ServerOptions(int defaultPort, String defaultBind) {
        this.listen = new ListenOptions(defaultPort, defaultBind);
    }

    public String bind() {
        return listen.bind();
    }

    public int port() {
        return listen.port();
    }

    public int maxConnections() {
        return cap.maxConnections();
    }

    public Listener.Options listenerOptions() {
        return Listener.Options.defaults().withMaxConnections(cap.maxConnections());
    }

    public CliFailure cannotListen(IOException e) {
        return Serving.cannotListen(listen, e);
    }
}
