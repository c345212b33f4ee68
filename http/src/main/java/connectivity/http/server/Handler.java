package connectivity.http.server;

/**
 * Answers one request. Runs on the connection's virtual thread, so it may block. An exception
 * becomes a 500 (the server stays up and the connection carries on when it can); a
 * {@link connectivity.http.HttpParseException} thrown while reading the body becomes its own status.
 */
@FunctionalInterface
public interface Handler {
    Response handle(Request request) throws Exception;
}
