package connectivity.net.support;

import java.io.InterruptedIOException;

/**
 * The one way a blocking operation reports that its thread was interrupted: the flag is restored (whoever
 * interrupted us may be waiting for it) and the caller gets an IOException it already handles.
 */
public final class Interrupted {
    private Interrupted() {}

    /** Call from {@code catch (InterruptedException e)}: {@code throw Interrupted.io(e);} */
    public static InterruptedIOException io(InterruptedException e) {
        Thread.currentThread().interrupt();
        InterruptedIOException failure = new InterruptedIOException("interrupted");
        failure.initCause(e);
        return failure;
    }
}
