package connectivity.torrent.swarm;

import connectivity.torrent.peer.ExtensionHandshake;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The BEP 10 extension messages we understand, by name. Each handler gets our id for it (1, 2, ... in the order
 * given), which our handshake's {@code m} dictionary tells peers; a message arriving with that id goes to it.
 * Ids we did not give are ignored, as BEP 10 asks.
 */
final class Extensions {
    static final String CLIENT = "Connectivity 0.1";
    private final List<ExtensionHandler> byId;

    Extensions(List<ExtensionHandler> handlers) {
        if (handlers.size() > 255) throw new IllegalArgumentException("at most 255 extension messages");
        List<String> names = new ArrayList<>();
        for (ExtensionHandler h : handlers) {
            if (names.contains(h.name())) throw new IllegalArgumentException("two handlers for " + h.name());
            names.add(h.name());
        }
        this.byId = List.copyOf(handlers);
    }

    static Extensions none() {
        return new Extensions(List.of());
    }

    /** Our {@code m} dictionary: name to our id. */
    Map<String, Integer> ourIds() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < byId.size(); i++) m.put(byId.get(i).name(), i + 1);
        return m;
    }

    /** Our extension handshake: the messages we take, our client, the requests we queue per peer, our port, our metadata's size. */
    ExtensionHandshake handshake(int requestQueue, OptionalInt listenPort) {
        OptionalLong metadataSize = byId.stream().map(ExtensionHandler::metadataSize).filter(OptionalLong::isPresent)
                .findFirst().orElse(OptionalLong.empty());
        return new ExtensionHandshake(ourIds(), CLIENT, OptionalInt.of(requestQueue), listenPort, metadataSize);
    }

    /** A message with one of our ids (not 0, the handshake): to its handler, if we gave that id. */
    void dispatch(PeerSession from, int id, byte[] payload) throws IOException {
        if (id >= 1 && id <= byId.size()) byId.get(id - 1).onMessage(from, payload);
    }
}
