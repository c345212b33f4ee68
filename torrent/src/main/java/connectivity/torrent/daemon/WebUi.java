package connectivity.torrent.daemon;

import connectivity.http.server.Handler;
import connectivity.http.server.Request;
import connectivity.http.server.Response;
import connectivity.torrent.daemon.rpc.RpcGate;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The web interface: a few files from the jar ({@code web/} beside this class), nothing fetched from elsewhere.
 * The page talks to the RPC like any Transmission client; the headers forbid framing (clickjacking), inline or
 * foreign scripts, and sniffing.
 */
public final class WebUi implements Handler {
    private static final Map<String, String> FILES = Map.of(
            "/", "index.html", "/index.html", "index.html", "/app.js", "app.js", "/style.css", "style.css");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");
    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            + "connect-src 'self'; frame-ancestors 'none'; form-action 'none'; base-uri 'none'";

    private final RpcGate gate;

    public WebUi(RpcGate gate) {
        this.gate = gate;
    }

    @Override
    public Response handle(Request r) throws IOException {
        Response refused = gate.admit(r);
        if (refused != null) return refused;
        if (!r.method().equals("GET") && !r.method().equals("HEAD")) return Response.status(405).withHeader("Allow", "GET, HEAD");
        String path = r.path().equals("/transmission/web") || r.path().startsWith("/transmission/web/")
                ? "/" + r.path().substring("/transmission/web".length()).replaceFirst("^/", "") : r.path();
        String file = FILES.get(path);
        if (file == null) return Response.status(404);
        byte[] body;
        try (InputStream in = WebUi.class.getResourceAsStream("web/" + file)) {
            if (in == null) return Response.status(404);
            body = in.readAllBytes();
        }
        return Response.of(200, TYPES.get(file.substring(file.lastIndexOf('.') + 1)), body)
                .withHeader("Content-Security-Policy", CSP)
                .withHeader("X-Frame-Options", "DENY")
                .withHeader("X-Content-Type-Options", "nosniff")
                .withHeader("Referrer-Policy", "no-referrer")
                .withHeader("Cache-Control", "no-cache");
    }
}
