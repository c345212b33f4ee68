package connectivity.http.client;

import connectivity.http.HttpVersion;

/** The status line as shown to users: the server's own reason phrase when it sent one. */
final class StatusText {
    private StatusText() {}

    static String line(HttpVersion version, int status, String reason) {
        String start = version.text() + " " + status;
        return reason == null || reason.isEmpty() ? start : start + " " + reason;
    }
}
