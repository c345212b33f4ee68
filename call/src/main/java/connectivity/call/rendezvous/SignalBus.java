package connectivity.call.rendezvous;

import java.io.Closeable;
import java.util.function.Consumer;

/**
 * How rendezvous instances reach each other's users. The rendezvous writes to its own sessions directly and hands
 * everything for a user it does not hold to the bus.
 */
public interface SignalBus extends Closeable {
    /** Starts delivering the other instances' signals to {@code inbox} (once, before the first publish). */
    void subscribe(Consumer<Signal> inbox);

    /** Sends {@code signal} towards whichever instance holds its user; never blocks for long, may be lost. */
    void publish(Signal signal);

    /** Whether other instances may hold users (so a user absent here may be online elsewhere). */
    boolean shared();

    @Override
    void close();

    /** A rendezvous on its own: nobody else to reach. */
    static SignalBus alone() {
        return new SignalBus() {
            @Override
            public void subscribe(Consumer<Signal> inbox) {}

            @Override
            public void publish(Signal signal) {}

            @Override
            public boolean shared() {
                return false;
            }

            @Override
            public void close() {}
        };
    }
}
