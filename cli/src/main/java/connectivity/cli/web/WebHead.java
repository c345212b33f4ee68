package connectivity.cli.web;

import connectivity.cli.CliFailure;
import connectivity.http.Headers;
import connectivity.http.client.HttpRequest;
import connectivity.http.client.HttpResponse;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code conn web head URL}: show the status line and headers of a URL. */
@Command(name = "head", mixinStandardHelpOptions = true,
        description = {
            "Show the status line and header fields of a URL (HTTP/1.1 HEAD).",
            "",
            "The fields are printed as the server sent them. A non-2xx status also goes to stderr, with exit 1."
        })
public final class WebHead implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    WebClientOptions options;

    @Parameters(index = "0", paramLabel = "URL", description = "An http:// or https:// URL.")
    String url;

    @Override
    public Integer call() {
        HttpResponse response = options.send(HttpRequest.head(WebClientOptions.url(url)));
        PrintWriter out = spec.commandLine().getOut();
        out.println(response.statusLine());
        for (Headers.Field f : response.headers().fields()) out.println(f.name() + ": " + f.value());
        out.flush();
        if (!response.isSuccess()) throw new CliFailure(CliFailure.FAILED, response.statusLine());
        return 0;
    }
}
