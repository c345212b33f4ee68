package connectivity.cli.web;

import connectivity.cli.CliFailure;
import connectivity.http.client.HttpRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code conn web put URL FILE}: upload a file. */
@Command(name = "put", mixinStandardHelpOptions = true,
        description = {
            "Upload a file to a URL (HTTP/1.1 PUT) and print the status line.",
            "",
            "The file is streamed from disk with its size as Content-Length. A non-2xx status goes to stderr "
                    + "instead, with exit 1."
        })
public final class WebPut implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    WebClientOptions options;

    @Parameters(index = "0", paramLabel = "URL", description = "The http:// or https:// URL to store the file at.")
    String url;

    @Parameters(index = "1", paramLabel = "FILE", description = "The file to upload.")
    Path file;

    @Override
    public Integer call() {
        URI uri = WebClientOptions.url(url);
        if (!Files.isRegularFile(file)) throw new CliFailure(CliFailure.BAD_INPUT, "no such file: " + file);
        if (!Files.isReadable(file)) throw new CliFailure(CliFailure.BAD_INPUT, "cannot read " + file);
        HttpRequest request;
        try {
            request = HttpRequest.put(uri, file);
        } catch (IOException e) {
            throw options.failure(e);
        }
        return WebDelete.report(spec, options.send(request));
    }
}
