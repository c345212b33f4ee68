package connectivity.http.server;

import java.io.IOException;

/**
 * Serves a whole connection in a protocol other than HTTP/1.1, once the server has chosen it: on TLS
 * by ALPN (see {@link HttpServer.Builder#protocol}). Runs on the connection's virtual thread and
 * returns when the connection is done; the server closes the transport after.
 */
@FunctionalInterface
public interface ProtocolHandler {
    void serve(Transport transport) throws IOException;
}
