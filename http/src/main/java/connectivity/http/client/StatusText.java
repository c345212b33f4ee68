package connectivity.http.client;

/** The status line as shown to users: the server's own reason phrase when it sent one. */
final class StatusText {
    private StatusText() {}

    static String line(int status, String reason) {
        return reason == null || reason.isEmpty() ? "HTTP/1.1 " + status : "HTTP/1.1 " + status + " " + reason;
    }
}
