package connectivity.cli.web;

import connectivity.cli.ByteSizeConverter;
import connectivity.cli.CliFailure;
import connectivity.http.h2.H2Config;
import picocli.CommandLine.Option;

/** The HTTP/2 limits of {@code conn web serve}; the defaults are {@link H2Config#defaults()}. */
final class H2ServeOptions {
    @Option(names = "--h2-max-streams", paramLabel = "N", defaultValue = "100",
            description = "HTTP/2: requests running at once per connection (SETTINGS_MAX_CONCURRENT_STREAMS); more are refused (default: ${DEFAULT-VALUE}).")
    int maxStreams;

    @Option(names = "--h2-stream-window", paramLabel = "BYTES", defaultValue = "65535", converter = ByteSizeConverter.class,
            description = "HTTP/2: request body bytes a client may send ahead per stream (default: ${DEFAULT-VALUE}).")
    long streamWindow;

    @Option(names = "--h2-connection-window", paramLabel = "BYTES", defaultValue = "1M", converter = ByteSizeConverter.class,
            description = "HTTP/2: request body bytes a client may send ahead per connection (default: ${DEFAULT-VALUE}).")
    long connectionWindow;

    @Option(names = "--h2-max-header-list", paramLabel = "BYTES", defaultValue = "32K", converter = ByteSizeConverter.class,
            description = "HTTP/2: largest decoded header list (SETTINGS_MAX_HEADER_LIST_SIZE); larger gets 431 (default: ${DEFAULT-VALUE}).")
    long maxHeaderList;

    @Option(names = "--h2-max-resets", paramLabel = "N", defaultValue = "200",
            description = "HTTP/2: RST_STREAM frames a client may send per 10 s (rapid reset); more end the connection (default: ${DEFAULT-VALUE}).")
    int maxResets;

    /** These limits over the defaults; a value out of range is bad input (exit 2). */
    H2Config config() {
        H2Config d = H2Config.defaults();
        try {
            return d.withMaxConcurrentStreams(maxStreams)
                    .withWindows(window("--h2-stream-window", streamWindow), window("--h2-connection-window", connectionWindow))
                    .withHeaderLimits(Math.toIntExact(Math.min(maxHeaderList, Integer.MAX_VALUE)),
                            Math.max(d.maxHeaderBlockBytes(), Math.toIntExact(Math.min(maxHeaderList * 2, Integer.MAX_VALUE))))
                    .withFloodLimits(maxResets, d.maxControlPerWindow());
        } catch (IllegalArgumentException e) {
            throw new CliFailure(CliFailure.BAD_INPUT, "HTTP/2 limits: " + e.getMessage());
        }
    }

    private static int window(String option, long bytes) {
        if (bytes > Integer.MAX_VALUE) throw new CliFailure(CliFailure.BAD_INPUT, option + " must be at most 2147483647 bytes");
        return (int) bytes;
    }
}
