package connectivity.http.client;

import connectivity.http.HttpVersion;

/** The status line as shown to users: the server's own reason phrase when it sent one. */
final class StatusText {
    private StatusText() {}

    static String line(HttpVersion version, int status, String reason) {
        // HTTP/2 has no reason phrase, and its version reads as curl shows it.
        String start = (version == HttpVersion.HTTP_2 ? "HTTP/2" : version.text()) + " " + status;
        return reason == null || reason.isEmpty() ? start : start + " " + reason;
    }
}
