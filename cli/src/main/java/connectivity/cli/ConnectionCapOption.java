package connectivity.cli;

import connectivity.net.Listener;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --max-connections}, for every server: past it a new connection is refused at once. */
public final class ConnectionCapOption {
    @Option(names = "--max-connections", paramLabel = "N", converter = AtLeastOne.class,
            description = "Most connections open at once; more are closed as they arrive (default: ${DEFAULT-VALUE}).")
    int maxConnections = Listener.Options.DEFAULT_MAX_CONNECTIONS;

    public int maxConnections() {
        return maxConnections;
    }

    static final class AtLeastOne implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int n = Integer.parseInt(value.strip());
                if (n >= 1) return n;
            } catch (NumberFormatException e) {
                // worded below
            }
            throw new CommandLine.TypeConversionException("not a count of at least 1: " + value);
        }
    }
}
