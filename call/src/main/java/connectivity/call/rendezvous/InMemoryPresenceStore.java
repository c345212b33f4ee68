package connectivity.call.rendezvous;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Presence in a concurrent map; entries live until their session logs out (no expiry needed in one process). */
public final class InMemoryPresenceStore implements PresenceStore {
    private final ConcurrentMap<String, Presence> online = new ConcurrentHashMap<>();

    @Override
    public void put(Presence presence) {
        online.put(presence.name(), presence);
    }

    @Override
    public Optional<Presence> get(String name) {
        return Optional.ofNullable(online.get(name));
    }

    @Override
    public void remove(String name, long sessionId) {
        online.computeIfPresent(name, (n, p) -> p.sessionId() == sessionId ? null : p);
    }

    @Override
    public List<String> names() {
        return online.keySet().stream().sorted().toList();
    }

    @Override
    public boolean refresh(Presence presence) {
        return online.compute(presence.name(), (n, p) -> p == null ? presence : p).sessionId() == presence.sessionId();
    }
}
