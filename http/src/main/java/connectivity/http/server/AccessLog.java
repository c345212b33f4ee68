package connectivity.http.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Formats Common Log Format lines:
 * {@code host ident authuser [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 2326}.
 */
final class AccessLog {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(ZoneId.systemDefault());

    private record Stamp(long second, String text) {}

    private final Consumer<String> sink;
    private volatile Stamp stamp = new Stamp(Long.MIN_VALUE, "");

    AccessLog(Consumer<String> sink) {
        this.sink = sink;
    }

    /** A sink that appends each line to a file and flushes, so the log is current when a request completes. */
    static Consumer<String> appendingTo(Path file) {
        Writer writer;
        try {
            writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open access log " + file + ": " + reason(e), e);
        }
        return line -> {
            synchronized (writer) {
                try {
                    writer.write(line);
                    writer.write('\n');
                    writer.flush();
                } catch (IOException e) {
                    // A full disk must not take the server down; the line is lost.
                }
            }
        };
    }

    /** The file exceptions carry only the path as their message; say what went wrong instead. */
    private static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) return "no such directory";
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason().toLowerCase(Locale.ROOT);
        return e.getMessage();
    }

    void log(InetSocketAddress remote, String requestLine, int status, long bodyBytes) {
        StringBuilder sb = new StringBuilder(96);
        sb.append(remote == null ? "-" : remote.getAddress().getHostAddress());
        sb.append(" - - [").append(now()).append("] \"");
        appendEscaped(sb, requestLine == null ? "-" : requestLine);
        sb.append("\" ").append(status).append(' ');
        if (bodyBytes > 0) sb.append(bodyBytes);
        else sb.append('-');
        sink.accept(sb.toString());
    }

    private String now() {
        long second = System.currentTimeMillis() / 1000;
        Stamp s = stamp;
        if (s.second != second) {
            s = new Stamp(second, TIME.format(Instant.ofEpochSecond(second)));
            stamp = s;
        }
        return s.text;
    }

    /** The request line came from the network: keep the log one line per request and unambiguous. */
    private static void appendEscaped(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20 || c >= 0x7f) sb.append(String.format("\\x%02x", (int) c & 0xff));
            else sb.append(c);
        }
    }
}
