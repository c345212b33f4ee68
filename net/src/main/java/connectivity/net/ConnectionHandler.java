package connectivity.net;

import java.io.IOException;

/** What a {@link Listener} runs, on its own virtual thread, for each accepted connection. */
@FunctionalInterface
public interface ConnectionHandler {
    void handle(Connection connection) throws IOException;
}
