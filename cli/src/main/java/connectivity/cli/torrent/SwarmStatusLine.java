package connectivity.cli.torrent;

import connectivity.net.support.ByteSizes;
import connectivity.torrent.magnet.MetadataFetch;
import connectivity.torrent.swarm.SwarmStatus;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress for people and for scripts: a one-line status rewritten in place on a terminal (nothing
 * when output is not a terminal), or one JSON object per line with {@code --json}.
 */
final class SwarmStatusLine {
    private final PrintStream out;
    private final boolean json;
    private final boolean terminal;
    private int lastWidth;

    SwarmStatusLine(PrintStream out, boolean json) {
        this.out = out;
        this.json = json;
        this.terminal = !json && isTerminal();
    }

    /** JDK 22 added {@code Console.isTerminal()}; before that a console exists only on a terminal. */
    private static boolean isTerminal() {
        java.io.Console c = System.console();
        if (c == null) return false;
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    void show(String state, SwarmStatus s) {
        if (json) {
            out.println(String.format(Locale.ROOT,
                    "{\"state\":\"%s\",\"percent\":%.2f,\"pieces\":%d,\"pieceCount\":%d,\"bytes\":%d,\"totalBytes\":%d,"
                            + "\"downloadRate\":%.0f,\"uploadRate\":%.0f,\"peers\":%d,\"downloaded\":%d,\"uploaded\":%d,\"etaSeconds\":%d}",
                    state, s.percent(), s.piecesDone(), s.pieceCount(), s.bytesDone(), s.totalBytes(), s.downloadRate(),
                    s.uploadRate(), s.peers(), s.downloaded(), s.uploaded(), s.etaSeconds()));
            out.flush();
        } else if (terminal) {
            long eta = s.etaSeconds();
            String line = String.format(Locale.ROOT, "%s %5.1f%%  down %s/s  up %s/s  peers %d  ETA %s", state, s.percent(),
                    ByteSizes.human((long) s.downloadRate()), ByteSizes.human((long) s.uploadRate()), s.peers(),
                    eta < 0 ? "?" : eta / 3600 > 0 ? String.format("%dh%02dm", eta / 3600, eta / 60 % 60) : String.format("%dm%02ds", eta / 60, eta % 60));
            out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
            lastWidth = line.length();
            out.flush();
        }
    }

    /** The metadata phase of a magnet link: pieces of the info dictionary and peers. */
    void metadata(MetadataFetch.Status s) {
        if (json) {
            out.println(String.format(Locale.ROOT, "{\"state\":\"metadata\",\"pieces\":%d,\"pieceCount\":%d,\"bytes\":%d,\"peers\":%d}",
                    s.piecesHere(), s.pieceCount(), Math.max(0, s.size()), s.peers()));
            out.flush();
        } else if (terminal) {
            String line = String.format(Locale.ROOT, "metadata %d/%s pieces  peers %d", s.piecesHere(),
                    s.size() < 0 ? "?" : String.valueOf(s.pieceCount()), s.peers());
            out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
            lastWidth = line.length();
            out.flush();
        }
    }

    /** Detail only a terminal user watching sees (a peer dropped in the metadata phase); scripts get the JSON states. */
    void debug(String message) {
        if (terminal) note("metadata", message);
    }

    /** A message of its own, after the status line (a terminal gets a fresh line first). */
    void note(String state, String message) {
        if (json) {
            out.println("{\"state\":\"" + state + "\",\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
        } else {
            if (terminal && lastWidth > 0) out.println();
            lastWidth = 0;
            out.println(message);
        }
        out.flush();
    }
}
