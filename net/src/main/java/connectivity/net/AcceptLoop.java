package connectivity.net;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The accept step of a {@link Listener}, apart from the socket so that failures can be scripted. A failed accept
 * is followed by a pause instead of an immediate retry: at the file-descriptor limit accept fails at once every
 * time, and retrying at once spins a core and floods the log. nginx pauses accepting for 500 ms on EMFILE/ENFILE;
 * so do we, and warn at most once per interval with a count of the failures in between.
 */
final class AcceptLoop {
    /** How long accepting stops after the process or system runs out of file descriptors (nginx: 500 ms). */
    static final Duration EXHAUSTED_PAUSE = Duration.ofMillis(500);
    /** After any other failure: short, as it may repeat too, but most such failures concern one client only. */
    static final Duration OTHER_PAUSE = Duration.ofMillis(10);
    /** At most one warning per this long. */
    static final Duration WARN_INTERVAL = Duration.ofSeconds(10);

    interface Acceptor {
        Socket accept() throws IOException;
    }

    interface Pause {
        void sleep(Duration d) throws InterruptedException;
    }

    private final String name;
    private final Acceptor acceptor;
    private final BooleanSupplier stopped;
    private final Consumer<Socket> accepted;
    private final LongSupplier nanoTime;
    private final Pause pause;
    private final Consumer<String> warn;
    private long lastWarning;
    private boolean warnedBefore;
    private long unreported;

    AcceptLoop(String name, Acceptor acceptor, BooleanSupplier stopped, Consumer<Socket> accepted,
            LongSupplier nanoTime, Pause pause, Consumer<String> warn) {
        this.name = name;
        this.acceptor = acceptor;
        this.stopped = stopped;
        this.accepted = accepted;
        this.nanoTime = nanoTime;
        this.pause = pause;
        this.warn = warn;
    }

    /** Accepts until {@code stopped} says so (checked after every accept, successful or not). */
    void run() {
        while (!stopped.getAsBoolean()) {
            Socket socket;
            try {
                socket = acceptor.accept();
            } catch (IOException e) {
                if (stopped.getAsBoolean()) return;
                boolean exhausted = outOfDescriptors(e);
                report(e, exhausted);
                try {
                    pause.sleep(exhausted ? EXHAUSTED_PAUSE : OTHER_PAUSE);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                continue;
            }
            accepted.accept(socket);
        }
    }

    private void report(IOException e, boolean exhausted) {
        long now = nanoTime.getAsLong();
        if (warnedBefore && now - lastWarning < WARN_INTERVAL.toNanos()) {
            unreported++;
            return;
        }
        String more = unreported == 0 ? "" : " (" + unreported + " more failures since the last warning)";
        String action = exhausted ? "; pausing accepts for " + EXHAUSTED_PAUSE.toMillis() + " ms" : "";
        warn.accept(name + ": accept failed: " + e + action + more);
        warnedBefore = true;
        lastWarning = now;
        unreported = 0;
    }

    /** EMFILE and ENFILE reach Java only as the system's words. */
    static boolean outOfDescriptors(IOException e) {
        String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        return m.contains("too many open files");
    }
}
