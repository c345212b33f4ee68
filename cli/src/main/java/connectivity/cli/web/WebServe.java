package connectivity.cli.web;

import connectivity.cli.ByteSizeConverter;
import connectivity.cli.CliFailure;
import connectivity.cli.ServerOptions;
import connectivity.cli.Serving;
import connectivity.http.documents.DocumentHandler;
import connectivity.http.server.HttpServer;
import connectivity.http.server.HttpsRedirect;
import connectivity.http.tls.ServerTls;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code conn web serve}: a document server for a directory, until interrupted. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Serve the files under DIR over HTTP/1.1: GET and HEAD (ranges, conditional requests),"
                    + " PUT (atomic replace), DELETE, OPTIONS; directory listings when there is no index.html.",
            "With --tls-cert/--tls-key or --tls-self-signed it serves HTTPS (TLS 1.3 and 1.2) instead.",
            "Prints the URL it serves on, then runs until interrupted (Ctrl-C / SIGTERM), letting requests in flight finish."
        })
public final class WebServe implements Runnable {
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = ".",
            description = "Directory to serve (default: the current directory).")
    Path dir;

    @Mixin
    ServerOptions server = new ServerOptions(8080, "127.0.0.1");

    @Option(names = "--read-only", description = "Refuse PUT and DELETE with 405.")
    boolean readOnly;

    @Option(names = "--follow-symlinks",
            description = "Follow symbolic links under DIR, also to places outside it (default: a path through a link gets 403).")
    boolean followSymlinks;

    @Option(names = "--access-log", paramLabel = "FILE",
            description = "Append a Common Log Format line per request to FILE ('-' for standard output).")
    String accessLog;

    @Option(names = "--max-body", paramLabel = "BYTES", defaultValue = "1G", converter = ByteSizeConverter.class,
            description = "Largest request body accepted, e.g. 1048576, 10M, 2G; larger uploads get 413 (default: ${DEFAULT-VALUE}).")
    long maxBody;

    @Mixin
    TlsServeOptions tlsOptions = new TlsServeOptions();

    @Mixin
    H2ServeOptions h2Options = new H2ServeOptions();

    @Override
    public void run() {
        if (!Files.isDirectory(dir)) throw new CliFailure(CliFailure.BAD_INPUT, "not a directory: " + dir);
        PrintWriter out = spec.commandLine().getOut();

        HttpServer.Builder builder = HttpServer.builder().bind(server.bind()).port(server.port()).maxBodyBytes(maxBody)
                .maxConnections(server.maxConnections()).http2(h2Options.config());
        DocumentHandler documents;
        try {
            documents = new DocumentHandler(dir, readOnly, followSymlinks);
        } catch (IOException e) {
            throw new CliFailure(CliFailure.BAD_INPUT, "cannot serve " + dir + ": " + e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        ServerTls tls = tlsOptions.load(out);
        if (tls != null) builder.tls(tls);
        builder.route("/", tlsOptions.withHsts(documents));
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

        HttpServer http;
        try {
            http = builder.build().start();
        } catch (IOException e) {
            throw server.cannotListen(e);
        }
        HttpServer redirect = null;
        if (tls != null && tlsOptions.redirectPort != null) {
            try {
                redirect = HttpServer.builder().bind(server.bind()).port(tlsOptions.redirectPort).maxBodyBytes(0)
                        .maxConnections(server.maxConnections())
                        .route("/", new HttpsRedirect(http.port(), host(server.bind()))).build().start();
            } catch (IOException e) {
                http.close();
                throw connectivity.cli.Serving.cannotListen(server.bind(), tlsOptions.redirectPort, e);
            }
        }
        out.println("serving " + documents.root() + " on " + url(tls != null, server.bind(), http.port()));
        if (redirect != null) out.println("redirecting " + url(false, server.bind(), redirect.port()) + " to https");
        out.flush();
        TlsServeOptions.reloadOnHangup(tls, out, err);
        HttpServer redirecting = redirect;
        Serving.untilSignalled("web-serve", () -> {
            if (redirecting != null) redirecting.shutdown(SHUTDOWN_GRACE);
            http.shutdown(SHUTDOWN_GRACE);
        });
    }

    static String url(String bind, int port) {
        return url(false, bind, port);
    }

    static String url(boolean secure, String bind, int port) {
        return (secure ? "https://" : "http://") + host(bind) + ":" + port + "/";
    }

    private static String host(String bind) {
        return bind.contains(":") ? "[" + bind + "]" : bind;
    }
}
