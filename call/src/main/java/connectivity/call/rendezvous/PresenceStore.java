package connectivity.call.rendezvous;

import java.util.List;
import java.util.Optional;

/** Who is online now. */
public interface PresenceStore {
    void put(Presence presence);

    Optional<Presence> get(String name);

    /** Removes the entry only if it still belongs to {@code sessionId} (a newer login may have replaced it). */
    void remove(String name, long sessionId);

    List<String> names();
}
