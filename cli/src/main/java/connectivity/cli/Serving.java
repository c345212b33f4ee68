package connectivity.cli;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/** What every long-running server command shares: a clear bind failure, and serving until SIGINT/SIGTERM. */
public final class Serving {
    private Serving() {}

    /** The one line a user sees when the port cannot be had. */
    public static CliFailure cannotListen(ListenOptions listen, IOException e) {
        return cannotListen(listen.bind(), listen.port(), e);
    }

    public static CliFailure cannotListen(String bind, int port, IOException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().toLowerCase(Locale.ROOT);
        return new CliFailure(CliFailure.FAILED, "cannot listen on " + bind + ":" + port + ": " + why);
    }

    /**
     * Blocks until the JVM is asked to exit (Ctrl-C, SIGTERM), then runs {@code stop} on the shutdown
     * hook, so requests in flight can finish before the process ends.
     */
    public static void untilSignalled(String name, Runnable stop) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
            stopped.countDown();
        }, name + "-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.run();
        }
    }
}
