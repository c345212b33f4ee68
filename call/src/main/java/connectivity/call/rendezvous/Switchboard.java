package connectivity.call.rendezvous;

import connectivity.call.rendezvous.CallTable.CallRecord;
import connectivity.call.store.StoreUnavailableException;
import connectivity.call.wire.RendezvousMessage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a message for a user goes: straight to their session if it is on this instance, else onto the
 * {@link SignalBus} for the instance that holds it; and what arrives from the bus for our users.
 */
final class Switchboard {
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final CallTable calls;
    private final SignalBus bus;

    Switchboard(CallTable calls, SignalBus bus) {
        this.calls = calls;
        this.bus = bus;
        bus.subscribe(this::signalled);
    }

    /** Registers a login; returns the session it replaces on this instance, if any. */
    Session add(Session s) {
        return sessions.put(s.name(), s);
    }

    /** False if {@code s} was already replaced by a newer login. */
    boolean remove(Session s) {
        return sessions.remove(s.name(), s);
    }

    boolean holds(String name) {
        return sessions.containsKey(name);
    }

    /** Whether {@code name} may have a session: here, or (with a shared bus) on another instance. */
    boolean mayReach(String name) {
        return holds(name) || bus.shared();
    }

    void sendTo(String name, RendezvousMessage m) {
        Session target = sessions.get(name);
        if (target != null) {
            target.send(m);
        } else if (bus.shared()) {
            publish(new Signal.Deliver(name, m));
        }
    }

    /** The call connected: the callee's instance, if another, forgets it too. */
    void connected(CallRecord r) {
        calls.remove(r.id());
        if (!holds(r.callee()) && bus.shared()) publish(new Signal.Forget(r.callee(), r.id()));
    }

    private void publish(Signal signal) {
        try {
            bus.publish(signal);
        } catch (StoreUnavailableException e) {
            // lost: the other side's client gives up on its own deadline (the store logs the outage)
        }
    }

    /** A signal from another instance: acted on if its user is ours. */
    private void signalled(Signal signal) {
        Session target = sessions.get(signal.to());
        if (target == null) return;
        switch (signal) {
            case Signal.Deliver d -> {
                if (calls.track(d.to(), d.message())) target.send(d.message());
            }
            case Signal.Forget f -> calls.remove(f.callId());
        }
    }

    void close() {
        bus.close();
    }
}
