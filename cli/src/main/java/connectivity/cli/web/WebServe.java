package connectivity.cli.web;

import connectivity.cli.Serving;
import connectivity.cli.CliFailure;
import connectivity.http.documents.DocumentHandler;
import connectivity.net.support.ByteSizes;
import connectivity.http.server.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code conn web serve}: a document server for a directory, until interrupted. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Serve the files under DIR over HTTP/1.1: GET and HEAD (ranges, conditional requests),"
                    + " PUT (atomic replace), DELETE, OPTIONS; directory listings when there is no index.html.",
            "Prints the URL it serves on, then runs until interrupted (Ctrl-C / SIGTERM), letting requests in flight finish."
        })
public final class WebServe implements Runnable {
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = ".",
            description = "Directory to serve (default: the current directory).")
    Path dir;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
            description = "TCP port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address to listen on, e.g. 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--read-only", description = "Refuse PUT and DELETE with 405.")
    boolean readOnly;

    @Option(names = "--follow-symlinks",
            description = "Follow symbolic links under DIR, also to places outside it (default: a path through a link gets 403).")
    boolean followSymlinks;

    @Option(names = "--access-log", paramLabel = "FILE",
            description = "Append a Common Log Format line per request to FILE ('-' for standard output).")
    String accessLog;

    @Option(names = "--max-body", paramLabel = "BYTES", defaultValue = "1G",
            description = "Largest request body accepted, e.g. 1048576, 10M, 2G; larger uploads get 413 (default: ${DEFAULT-VALUE}).")
    String maxBody;

    @Override
    public void run() {
        if (port < 0 || port > 65535) throw new CliFailure(CliFailure.BAD_INPUT, "port out of range: " + port);
        if (!Files.isDirectory(dir)) throw new CliFailure(CliFailure.BAD_INPUT, "not a directory: " + dir);
        long maxBodyBytes = parseSize(maxBody);
        PrintWriter out = spec.commandLine().getOut();

        HttpServer.Builder builder = HttpServer.builder().bind(bind).port(port).maxBodyBytes(maxBodyBytes);
        DocumentHandler documents;
        try {
            documents = new DocumentHandler(dir, readOnly, followSymlinks);
        } catch (IOException e) {
            throw new CliFailure(CliFailure.BAD_INPUT, "cannot serve " + dir + ": " + e.getMessage());
        }
        builder.route("/", documents);
        if (accessLog != null) {
            if (accessLog.equals("-")) {
                builder.accessLog(line -> {
                    synchronized (out) {
                        out.println(line);
                        out.flush();
                    }
                });
            } else {
                try {
                    builder.accessLog(Path.of(accessLog));
                } catch (UncheckedIOException e) {
                    throw new CliFailure(CliFailure.BAD_INPUT, e.getMessage());
                }
            }
        }

        HttpServer server;
        try {
            server = builder.build().start();
        } catch (IOException e) {
            throw Serving.cannotListen(bind, port, e);
        }
        out.println("serving " + documents.root() + " on " + url(bind, server.port()));
        out.flush();
        Serving.untilSignalled("web-serve", () -> server.shutdown(SHUTDOWN_GRACE));
    }

    static String url(String bind, int port) {
        String host = bind.contains(":") ? "[" + bind + "]" : bind;
        return "http://" + host + ":" + port + "/";
    }

    /** A byte count in the grammar every command accepts (see {@link ByteSizes}). */
    static long parseSize(String text) {
        try {
            return ByteSizes.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(CliFailure.BAD_INPUT, "not a byte count: " + text + " (e.g. 1048576, 10M, 2G)");
        }
    }
}
