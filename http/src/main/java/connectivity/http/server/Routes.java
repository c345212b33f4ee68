package connectivity.http.server;

import connectivity.http.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which handler answers a request, and what a handler that fails or answers nothing becomes. Apart from the
 * HTTP/1.1 exchange so that a second protocol (HTTP/2 streams) dispatches the same way.
 * The longest prefix wins; a prefix matches whole segments ("/announce" matches "/announce" and
 * "/announce/x", not "/announcer"); no match is 404; the target {@code *} (OPTIONS) is 200.
 */
final class Routes {
    private static final Logger log = LoggerFactory.getLogger(Routes.class);

    record Route(String prefix, Handler handler) {
        boolean matches(String path) {
            if (!path.startsWith(prefix)) return false;
            return prefix.endsWith("/") || path.length() == prefix.length() || path.charAt(prefix.length()) == '/';
        }
    }

    private final List<Route> longestFirst;

    Routes(List<Route> routes) {
        List<Route> sorted = new ArrayList<>(routes);
        sorted.sort(Comparator.comparingInt((Route r) -> r.prefix().length()).reversed());
        this.longestFirst = List.copyOf(sorted);
    }

    Handler route(String path) {
        for (Route r : longestFirst) if (r.matches(path)) return r.handler();
        return null;
    }

    /**
     * The handler's response; 404 with no handler; 500 when it throws or returns null. A failure caused by a
     * broken request body ({@code bodyFailed}) is the exchange's to answer and is not logged here.
     */
    Response dispatch(Request request, BooleanSupplier bodyFailed) {
        String path = request.path();
        if (path.equals("*")) return Response.empty(Status.OK);
        Handler handler = route(path);
        if (handler == null) return Response.status(Status.NOT_FOUND);
        try {
            Response response = handler.handle(request);
            if (response != null) return response;
            log.warn("handler for {} returned no response", path);
        } catch (Exception e) {
            if (!bodyFailed.getAsBoolean()) log.warn("handler for {} {} failed", request.method(), path, e);
        }
        return Response.status(Status.INTERNAL_SERVER_ERROR);
    }
}
