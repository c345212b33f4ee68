package connectivity.http.h2;

/**
 * Our receive window for a whole connection, either side: DATA (padding included) takes from it, more
 * than it holds is a FLOW_CONTROL_ERROR, and once half is used it is given back at once, whatever the
 * streams' readers do (the streams' own windows are what bounds unread bodies). Reader thread only.
 */
final class ConnectionWindow {
    private final int size;
    private long window;
    private long unacked;

    ConnectionWindow(int size) {
        this.size = size;
        this.window = size;
    }

    /** Accounts a DATA frame's flow-controlled length; the WINDOW_UPDATE increment to send now, or 0. */
    int receive(int length) throws H2Exception {
        window -= length;
        if (window < 0) throw H2Exception.connection(ErrorCode.FLOW_CONTROL_ERROR, "DATA beyond the connection window");
        unacked += length;
        if (unacked < size / 2) return 0;
        int increment = (int) unacked;
        window += unacked;
        unacked = 0;
        return increment;
    }
}
