package connectivity.http.server;

import connectivity.net.Connection;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connections in a TLS handshake and the instant each must be done by. The server's watchdog closes
 * those past it ({@link #closeOverdue}), which ends the handshake whatever it is doing, so a client that
 * drips bytes cannot stretch it. It replaces a guard thread per handshake (a virtual thread started,
 * parked on a timer and interrupted) and the socket timeout on each handshake read (a timer scheduled
 * and cancelled per blocked read): two map operations per connection instead.
 */
final class HandshakeDeadlines {
    private final ConcurrentHashMap<Connection, Long> until = new ConcurrentHashMap<>();

    void add(Connection connection, long deadlineNanos) {
        until.put(connection, deadlineNanos);
    }

    void remove(Connection connection) {
        until.remove(connection);
    }

    /** Called by the watchdog: closes every connection whose handshake outlived its deadline. */
    void closeOverdue(long now) {
        until.forEach((connection, deadline) -> {
            if (now - deadline >= 0 && until.remove(connection, deadline)) connection.close();
        });
    }
}
