package connectivity.cli;

import picocli.CommandLine.Option;

/**
 * {@code --port} and {@code --bind}, for every command that listens. Each command gives its own defaults
 * through the constructor; the help shows them.
 */
public final class ListenOptions {
    @Option(names = "--port", paramLabel = "N", converter = PortConverter.class,
            description = "TCP port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR",
            description = "Address to listen on, e.g. 0.0.0.0 for every interface, 127.0.0.1 for this machine only (default: ${DEFAULT-VALUE}).")
    String bind;

    public ListenOptions(int defaultPort, String defaultBind) {
        this.port = defaultPort;
        this.bind = defaultBind;
    }

    public int port() {
        return port;
    }

    public String bind() {
        return bind;
    }
}
