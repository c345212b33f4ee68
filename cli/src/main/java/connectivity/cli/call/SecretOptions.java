package connectivity.cli.call;

import connectivity.cli.ConfigDirOption;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --secret-file} and {@code --config-dir}: the secret the rendezvous and the relay share. */
final class SecretOptions {
    @Option(names = "--secret-file", paramLabel = "FILE",
            description = "Secret the rendezvous signs relay tokens with and the relay checks them with; created (0600) if missing (default: CONFIG-DIR/relay-secret).")
    Path secretFile;

    @Mixin
    ConfigDirOption config = new ConfigDirOption();

    byte[] secret() {
        return Secrets.loadOrCreate(secretFile != null ? secretFile : config.dir().resolve("relay-secret"));
    }
}
