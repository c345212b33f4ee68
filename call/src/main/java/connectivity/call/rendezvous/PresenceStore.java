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

    /**
     * The session is still alive (it pinged): keeps its entry, writing it back if it was lost. False if the name
     * now belongs to another session (a newer login, possibly on another rendezvous), which is left alone.
     */
    boolean refresh(Presence presence);
}
