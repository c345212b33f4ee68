package connectivity.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config-dir}: where conn keeps what outlives one run (the identity key, the relay secret). */
public final class ConfigDirOption {
    @Option(names = "--config-dir", paramLabel = "DIR",
            description = "Where conn keeps your identity key and the relay secret (default: ~/.config/conn).")
    Path configDir;

    public Path dir() {
        return configDir != null ? configDir : Path.of(System.getProperty("user.home"), ".config", "conn");
    }
}
