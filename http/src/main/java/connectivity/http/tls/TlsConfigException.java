package connectivity.http.tls;

import java.io.IOException;
import java.nio.file.Path;

/** A certificate or key file that cannot be used, with the file and the reason in one line. */
public final class TlsConfigException extends IOException {
    public TlsConfigException(Path file, String reason) {
        super(file + ": " + reason);
    }

    public TlsConfigException(String message) {
        super(message);
    }
}
