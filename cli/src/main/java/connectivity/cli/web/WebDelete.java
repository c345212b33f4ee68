package connectivity.cli.web;

import connectivity.cli.CliFailure;
import connectivity.http.client.HttpRequest;
import connectivity.http.client.HttpResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code conn web delete URL}: delete a resource. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = {
            "Delete the resource at a URL (HTTP/1.1 DELETE) and print the status line.",
            "",
            "A non-2xx status goes to stderr instead, with exit 1."
        })
public final class WebDelete implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    WebClientOptions options;

    @Parameters(index = "0", paramLabel = "URL", description = "The http:// or https:// URL to delete.")
    String url;

    @Override
    public Integer call() {
        HttpResponse response = options.send(HttpRequest.delete(WebClientOptions.url(url)));
        return report(spec, response);
    }

    /** Status line on stdout for a success; for anything else, on stderr with exit 1. */
    static int report(CommandSpec spec, HttpResponse response) {
        if (!response.isSuccess()) throw new CliFailure(CliFailure.FAILED, response.statusLine());
        spec.commandLine().getOut().println(response.statusLine());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
