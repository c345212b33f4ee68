package connectivity.cli.call;

import connectivity.net.support.AtomicFiles;
import connectivity.cli.CliFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * The secret the rendezvous signs relay tokens with and the relay checks them with. Both read the
 * same file; whichever starts first creates it (32 random bytes, 0600, created atomically so two
 * processes starting together still agree). For separate hosts, copy the file.
 */
final class Secrets {
    private Secrets() {}

    static byte[] loadOrCreate(Path file) {
        try {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            AtomicFiles.createIfAbsent(file, fresh, AtomicFiles.Access.PRIVATE);
            byte[] secret = Files.readAllBytes(file);
            if (secret.length < 16) throw new CliFailure(CliFailure.BAD_INPUT, "secret file " + file + " holds fewer than 16 bytes");
            return secret;
        } catch (IOException e) {
            throw new CliFailure(CliFailure.FAILED, "cannot read or create secret file " + file + ": " + e.getMessage());
        }
    }
}
