package connectivity.cli.call;

import connectivity.call.client.Call;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Checks what the user asks to send before any call is placed, so a typo costs no call. */
final class Inputs {
    private Inputs() {}

    /** Null if {@code file} can be sent; otherwise one line saying why not. */
    static String unreadable(Path file) {
        if (Files.isDirectory(file)) return file + " is a directory";
        try (InputStream in = Files.newInputStream(file)) {
            in.read();
            return null;
        } catch (NoSuchFileException e) {
            return "no such file: " + file;
        } catch (AccessDeniedException e) {
            return "cannot read " + file + ": permission denied";
        } catch (IOException e) {
            return "cannot read " + file + ": " + e.getMessage();
        }
    }

    /** Null if {@code wav} is a PCM WAV we can stream; otherwise one line saying why not. */
    static String notVoice(Path wav) {
        String unreadable = unreadable(wav);
        if (unreadable != null) return unreadable;
        try {
            Call.voice(wav);
            return null;
        } catch (IOException e) {
            return wav + ": " + e.getMessage();
        }
    }
}
