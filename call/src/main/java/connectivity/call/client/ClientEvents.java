package connectivity.call.client;

import java.time.Duration;

/** What a client reports as it happens; every method has a no-op default. Called from I/O threads. */
public interface ClientEvents {
    default void loggedIn(String name, String seenAs, boolean reachable) {}

    /** The rendezvous connection dropped; {@code retryIn} is null when the client gives up. */
    default void rendezvousLost(String reason, Duration retryIn) {}

    /** Logged in again after a loss, with several rendezvous instances given: to this one ({@code HOST:PORT}). */
    default void rendezvousChosen(String address) {}

    /** Someone calls: {@link IncomingCall#accept()} or {@link IncomingCall#reject()} it. */
    default void incoming(IncomingCall call) {}

    /** Setup progress of an outgoing or incoming call (paths tried, failures). */
    default void progress(String callId, String text) {}

    default void connected(Call call) {}

    default void chat(Call call, String text) {}

    default void transferProgress(Call call, String what, long done, long total) {}

    /** Something arrived from the peer (file or voice), intact or not. */
    default void received(Call call, Delivery delivery) {}

    /** The peer confirmed (or denied) receiving something we sent. */
    default void delivered(Call call, Delivery delivery) {}

    /**
     * The call moved from path {@code from} to {@code to} at a record boundary, {@code sinceStart} after it was
     * established: an upgrade (relay to direct) or a fallback (the direct path died).
     */
    default void switched(Call call, String from, String to, boolean upgrade, Duration sinceStart) {}

    /** A spare path the call was not using went away ({@code why}); the call goes on. */
    default void spareLost(Call call, String path, String why) {}

    default void ended(Call call, String reason, boolean normal) {}

    default void callFailed(String callId, String reason) {}

    /** A call that rang here was given up by its caller ("alice cancelled the call"); it no longer rings. */
    default void cancelled(String callId, String reason) {}

    /** A call arrived while this client was busy ({@code busyWith}: "in a call with bob") and was refused. */
    default void refusedAsBusy(String from, String busyWith) {}
}
