package connectivity.http.server;

import connectivity.http.Headers;
import connectivity.http.HttpParseException;
import connectivity.http.HttpVersion;
import connectivity.http.RequestLine;
import connectivity.http.Status;
import connectivity.http.h2.H2Config;
import connectivity.http.h2.H2Connection;
import connectivity.http.h2.H2Exchange;
import java.io.InputStream;
import java.util.function.BooleanSupplier;

/**
 * Joins an HTTP/2 connection to this server: its limits from the server's settings, and each stream's
 * request checked like a request line, turned into a {@link Request} (version HTTP/2) and dispatched by
 * the same {@link Routes} as HTTP/1.1, with the same access log.
 */
final class H2Bridge {
    private H2Bridge() {}

    static H2Connection connection(HttpServer server, ServerInput in, ServerOutput out, Transport transport) {
        HttpServer.Config config = server.config();
        H2Config h2 = config.h2();
        H2Exchange exchange = new H2Exchange() {
            @Override
            public Response exchange(String method, String target, Headers headers, InputStream body, BooleanSupplier bodyFailed) {
                Response response = answer(config, transport, method, target, headers, body, bodyFailed);
                AccessLog accessLog = config.accessLog();
                if (accessLog != null) {
                    long length = response.body().length();
                    accessLog.log(transport.remoteAddress(), method + " " + target + " " + HttpVersion.HTTP_2, response.status(),
                            Math.max(0, length));
                }
                return response;
            }

            @Override
            public boolean quick(String method, String target) {
                return isQuick(config.routes(), target);
            }
        };
        return new H2Connection(in, out, transport::close, exchange, h2, transport.toString());
    }

    /** Whether the target goes to a {@link QuickHandler}; a target that does not parse is answered at once anyway. */
    private static boolean isQuick(Routes routes, String target) {
        if (!target.startsWith("/")) return true;
        try {
            return routes.route(Targets.decodePath(Targets.rawPath(target))) instanceof QuickHandler;
        } catch (HttpParseException e) {
            return true;
        }
    }

    private static Response answer(HttpServer.Config config, Transport transport, String method, String target, Headers headers,
            InputStream body, BooleanSupplier bodyFailed) {
        if (method.equals("CONNECT")) return Response.status(Status.METHOD_NOT_ALLOWED);
        String path;
        try {
            // The same token and target syntax as an HTTP/1.1 request line, so handlers see nothing new.
            RequestLine.parse(method + " " + target + " HTTP/1.1");
            if (!target.startsWith("/") && !(target.equals("*") && method.equals("OPTIONS"))) {
                return Response.status(Status.BAD_REQUEST);
            }
            path = target.equals("*") ? "*" : Targets.decodePath(Targets.rawPath(target));
        } catch (HttpParseException e) {
            return Response.status(e.status());
        }
        Request request = new Request(method, target, path, Targets.rawQuery(target), headers, body, transport.remoteAddress(),
                HttpVersion.HTTP_2);
        return config.routes().dispatch(request, bodyFailed);
    }
}
