package connectivity.cli.web;

import connectivity.cli.CliFailure;
import connectivity.http.client.FileDownload;
import connectivity.http.client.HttpClient;
import connectivity.http.client.HttpRequest;
import connectivity.http.client.StreamingResponse;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code conn web get URL [-o FILE]}: fetch a URL to stdout or, atomically and resumably, to a file. */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = {
            "Fetch a URL with HTTP/1.1 GET, to stdout or to a file.",
            "",
            "With -o the body goes to FILE.part and is renamed to FILE only when complete; if FILE.part is "
                    + "there from an interrupted run, only the rest is asked for (Range, If-Range). A progress bar is "
                    + "shown on a terminal for bodies over 1 MiB. A non-2xx status is printed on stderr, with exit 1."
        })
public final class WebGet implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    WebClientOptions options;

    @Parameters(index = "0", paramLabel = "URL", description = "An http:// or https:// URL.")
    String url;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the body to FILE (atomically, resuming FILE.part if present) instead of stdout.")
    Path output;

    @Override
    public Integer call() {
        URI uri = WebClientOptions.url(url);
        try (HttpClient client = options.client()) {
            if (output == null) toStdout(client, uri);
            else toFile(client, uri);
        } catch (IOException e) {
            throw options.failure(e);
        }
        return 0;
    }

    private void toStdout(HttpClient client, URI uri) throws IOException {
        try (StreamingResponse response = client.sendStreaming(HttpRequest.get(uri))) {
            if (!response.isSuccess()) throw new CliFailure(CliFailure.FAILED, response.statusLine());
            // Raw bytes, not the writer picocli prints text with: bodies may be binary.
            PrintStream stdout = System.out;
            response.body().transferTo(stdout);
            stdout.flush();
            if (stdout.checkError()) throw new IOException("could not write to stdout");
        }
    }

    private void toFile(HttpClient client, URI uri) throws IOException {
        if (Files.isDirectory(output)) {
            throw new CliFailure(CliFailure.BAD_INPUT, output + " is a directory; give a file name to -o");
        }
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new CliFailure(CliFailure.BAD_INPUT, "no such directory: " + parent);
        }
        FileDownload.Progress progress = Terminal.interactive()
                ? new ProgressBar(spec.commandLine().getErr(), System::nanoTime)
                : FileDownload.Progress.NONE;
        FileDownload.Result result = new FileDownload(client).download(uri, output, progress);
        if (!result.isSuccess()) throw new CliFailure(CliFailure.FAILED, result.statusLine());
        if (result.resumedFrom() > 0) {
            spec.commandLine().getErr().println("conn: resumed " + output + " at byte " + result.resumedFrom());
        }
    }
}
