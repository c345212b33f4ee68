package connectivity.call.rendezvous;

import connectivity.call.wire.RendezvousMessage;
import connectivity.call.wire.RendezvousMessage.CallAccepted;
import connectivity.call.wire.RendezvousMessage.CallCancelled;
import connectivity.call.wire.RendezvousMessage.CallFailed;
import connectivity.call.wire.RendezvousMessage.CallRejected;
import connectivity.call.wire.RendezvousMessage.Incoming;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The calls this rendezvous is signalling, from CALL until CONNECTED, FAILED, a refusal or a logout. When the two
 * sides are on different instances each instance holds a copy, kept in step by {@link #track}: the messages that
 * cross between instances are the ones that change a call's state.
 */
final class CallTable {
    record CallRecord(String id, String caller, String callee, boolean accepted) {}

    private final Map<String, CallRecord> calls = new ConcurrentHashMap<>();

    CallRecord get(String id) {
        return calls.get(id);
    }

    /** False if the id is taken. */
    boolean place(CallRecord r) {
        return calls.putIfAbsent(r.id(), r) == null;
    }

    void accepted(CallRecord r) {
        calls.put(r.id(), new CallRecord(r.id(), r.caller(), r.callee(), true));
    }

    /** False if there was no such call (someone else ended it first). */
    boolean remove(String id) {
        return calls.remove(id) != null;
    }

    /** Removes exactly {@code r}; false if it was gone or replaced (someone else ended it first). */
    boolean remove(CallRecord r) {
        return calls.remove(r.id(), r);
    }

    long placedBy(String name) {
        return calls.values().stream().filter(r -> r.caller().equals(name)).count();
    }

    List<CallRecord> involving(String name) {
        return calls.values().stream().filter(r -> r.caller().equals(name) || r.callee().equals(name)).toList();
    }

    /** The accepted call {@code callId}, if {@code caller} placed it; otherwise null (ignored). */
    CallRecord ownCall(String caller, String callId) {
        CallRecord r = calls.get(callId);
        return r != null && r.accepted() && r.caller().equals(caller) ? r : null;
    }

    /**
     * Applies what {@code m}, arriving from another instance for our user {@code to}, says about its call. False if
     * it contradicts the call we know by that id (a reused id): then it is not delivered.
     */
    boolean track(String to, RendezvousMessage m) {
        switch (m) {
            case Incoming i -> {
                CallRecord mine = new CallRecord(i.call(), i.from(), to, false);
                CallRecord known = calls.putIfAbsent(i.call(), mine);
                return known == null || known.equals(mine);
            }
            case CallAccepted a -> {
                CallRecord r = calls.get(a.call());
                if (r == null || !r.caller().equals(to)) return false;
                accepted(r);
            }
            case CallRejected r -> drop(r.call(), to);
            case CallFailed f -> drop(f.call(), to);
            case CallCancelled c -> drop(c.call(), to);
            default -> { } // CONNECT_TO, RELAY_TOKEN: no change of state
        }
        return true;
    }

    private void drop(String id, String party) {
        calls.computeIfPresent(id, (k, r) -> r.caller().equals(party) || r.callee().equals(party) ? null : r);
    }
}
