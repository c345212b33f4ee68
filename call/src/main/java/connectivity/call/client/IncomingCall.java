package connectivity.call.client;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/** A call ringing at this client: accept or reject it. */
public final class IncomingCall {
    private final String id;
    private final String from;
    private final byte[] fromKey;
    private final IncomingCalls calls;
    private final AtomicBoolean answered = new AtomicBoolean();
    private final AtomicBoolean established = new AtomicBoolean();
    private volatile boolean accepted;

    IncomingCall(String id, String from, byte[] fromKey, IncomingCalls calls) {
        this.id = id;
        this.from = from;
        this.fromKey = fromKey;
        this.calls = calls;
    }

    public String id() {
        return id;
    }

    public String from() {
        return from;
    }

    byte[] fromKey() {
        return fromKey;
    }

    /** Accepts; throws if the call no longer rings (the caller cancelled it or went away). */
    public void accept() throws IOException {
        if (answered.compareAndSet(false, true)) {
            accepted = true;
            calls.answer(this, true);
        }
    }

    public void reject() throws IOException {
        if (answered.compareAndSet(false, true)) calls.answer(this, false);
    }

    /** True the first time only: see {@link IncomingCalls#claim}. */
    boolean claim() {
        return established.compareAndSet(false, true);
    }

    boolean accepted() {
        return accepted;
    }

    boolean isEstablished() {
        return established.get();
    }
}
