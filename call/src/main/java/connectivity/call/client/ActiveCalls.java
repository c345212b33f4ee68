package connectivity.call.client;

import java.util.Map;
import java.util.function.Consumer;
import java.util.concurrent.ConcurrentHashMap;

/** The established calls, both directions: what makes the client busy and what closing hangs up. */
final class ActiveCalls {
    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final Consumer<Call> established;

    /** {@code established} hears of each call as it is added (to look for a better path beside it). */
    ActiveCalls(Consumer<Call> established) {
        this.established = established;
    }

    void add(Call call) {
        calls.put(call.id(), call);
        established.accept(call);
    }

    void remove(Call call) {
        calls.remove(call.id(), call);
    }

    /** "in a call with bob", or null if no call is up. */
    String busyWith() {
        for (Call c : calls.values()) if (!c.isEnded()) return "in a call with " + c.peer();
        return null;
    }

    void hangupAll() {
        for (Call c : calls.values()) c.hangup();
    }
}
