package connectivity.http.server;

import connectivity.http.Headers;
import connectivity.http.HttpVersion;
import connectivity.http.RequestLine;
import connectivity.http.Status;
import java.util.Set;

/**
 * What a parsed request head must satisfy before a handler sees it, in one place beside the parser:
 * {@link #status} answers 0 for a head we serve, or the status to refuse it with.
 */
final class RequestCheck {
    private static final Set<String> KNOWN_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "CONNECT", "PATCH");

    private RequestCheck() {}

    static int status(RequestLine line, Headers headers) {
        String method = line.method();
        String target = line.target();
        boolean http11 = line.version() == HttpVersion.HTTP_1_1;
        int hosts = count(headers, "Host");
        if (hosts > 1 || (http11 && hosts == 0)) return Status.BAD_REQUEST;
        if (!KNOWN_METHODS.contains(method)) return Status.NOT_IMPLEMENTED;
        if (target.indexOf('#') >= 0) return Status.BAD_REQUEST;
        if (target.charAt(0) != '/') {
            if (target.equals("*")) {
                if (!method.equals("OPTIONS")) return Status.BAD_REQUEST;
            } else if (!Targets.isAbsoluteForm(target)) {
                return method.equals("CONNECT") ? Status.NOT_IMPLEMENTED : Status.BAD_REQUEST;
            }
        }
        String expect = headers.firstOrNull("Expect");
        if (expect != null && !expect.equalsIgnoreCase("100-continue")) return Status.EXPECTATION_FAILED;
        return 0;
    }

    /** Whether the client waits for "100 Continue" before it sends the body (HTTP/1.0 clients never do). */
    static boolean expectsContinue(RequestLine line, Headers headers) {
        return line.version() == HttpVersion.HTTP_1_1 && headers.firstOrNull("Expect") != null;
    }

    /**
     * Whether the connection may carry another request after this one. RFC 9112 section 6.1: a
     * chunked HTTP/1.0 request leaves the framing in doubt, so the server closes after answering.
     */
    static boolean keepAlive(RequestLine line, Headers headers) {
        if (line.version() == HttpVersion.HTTP_1_1) return !headers.hasToken("Connection", "close");
        return headers.hasToken("Connection", "keep-alive") && !headers.contains("Transfer-Encoding");
    }

    private static int count(Headers headers, String name) {
        int n = 0;
        for (int i = 0; i < headers.size(); i++) if (headers.name(i).equalsIgnoreCase(name)) n++;
        return n;
    }
}
