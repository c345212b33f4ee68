package connectivity.http.h2;

import connectivity.http.Headers;
import connectivity.http.server.Response;
import java.io.InputStream;
import java.util.function.BooleanSupplier;

/**
 * What the connection hands each valid request to: the server's routing, the same handlers as for
 * HTTP/1.1. Runs on the stream's own virtual thread, so it may block.
 */
@FunctionalInterface
public interface H2Exchange {
    /**
     * @param method the :method
     * @param target the :path (origin-form, or {@code *} for OPTIONS)
     * @param headers the regular fields (lower-case names), with Host taken from :authority when absent
     * @param body the request body, bounded; failing reads mean the stream was reset or went over a limit
     * @param bodyFailed whether a body read has failed, so a handler's resulting error need not be logged
     * @return the response, never null
     */
    Response exchange(String method, String target, Headers headers, InputStream body, BooleanSupplier bodyFailed);

    /**
     * Whether the request, which has no body, goes to a handler quick enough to run on the connection's
     * reader thread: it waits on nothing but memory and local files, so the other streams are held up
     * no longer than by reading their frames, and no thread hand-off is paid for it.
     */
    default boolean quick(String method, String target) {
        return false;
    }
}
