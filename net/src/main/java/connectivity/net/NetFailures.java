package connectivity.net;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import connectivity.net.support.Durations;
import java.time.Duration;

/** Names a network failure the way the byte-stream model does, in one line a user can read. */
public final class NetFailures {
    private NetFailures() {}

    public static String describe(IOException e, Duration timeout) {
        String msg = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof SocketTimeoutException) return "timed out after " + Durations.words(timeout);
        if (e instanceof UnknownHostException) return "unknown host: " + msg;
        if (e instanceof NoRouteToHostException) return "no route to host";
        if (e instanceof ConnectException) {
            if (msg.toLowerCase().contains("timed out")) return "timed out after " + Durations.words(timeout);
            return "connection refused";
        }
        // Sockets opened as channels fail with plain IOExceptions that carry the system's words.
        String lower = msg.toLowerCase();
        if (lower.contains("connection reset")) return "connection reset by peer";
        if (lower.contains("broken pipe")) return "connection closed by peer (broken pipe)";
        if (e instanceof SocketException) {
            if (lower.contains("reset")) return "connection reset by peer";
            return "connection failed: " + msg;
        }
        if (e instanceof ClosedChannelException) return "connection closed";
        if (e instanceof EOFException) return "connection closed by peer";
        return msg.isEmpty() ? e.getClass().getSimpleName() : msg;
    }
}
