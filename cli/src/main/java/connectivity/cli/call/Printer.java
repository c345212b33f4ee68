package connectivity.cli.call;

import connectivity.call.client.Call;
import connectivity.call.client.ClientEvents;
import connectivity.call.client.Delivery;
import connectivity.call.client.IncomingCall;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Consumer;

/** Prints what happens, one line per event, as it happens. */
class Printer implements ClientEvents {
    private final PrintStream out;
    volatile Consumer<IncomingCall> onIncoming = c -> { };

    Printer(PrintStream out) {
        this.out = out;
    }

    synchronized void say(String line) {
        out.println(line);
        out.flush();
    }

    @Override
    public void loggedIn(String name, String seenAs, boolean reachable) {
        say("logged in as " + name + " (seen as " + seenAs + ", reachable: " + (reachable ? "yes" : "no") + ")");
    }

    @Override
    public void rendezvousLost(String reason, Duration retryIn) {
        if (retryIn == null) say("rendezvous connection lost: " + reason + "; giving up");
        else say("rendezvous connection lost: " + reason + "; reconnecting in " + retryIn.toMillis() + " ms");
    }

    @Override
    public void rendezvousChosen(String address) {
        say("now on rendezvous " + address);
    }

    @Override
    public void incoming(IncomingCall call) {
        onIncoming.accept(call);
    }

    @Override
    public void progress(String callId, String text) {
        say("  " + text);
    }

    @Override
    public void connected(Call call) {
        say("call with " + call.peer() + " connected via " + call.path()
                + (call.outgoing() ? " in " + call.setupTime().toMillis() + " ms" : "") + " (end-to-end encrypted)");
    }

    @Override
    public void switched(Call call, String from, String to, boolean upgrade, Duration sinceStart) {
        String after = String.format(java.util.Locale.ROOT, "%.1f s", sinceStart.toMillis() / 1000.0);
        if (upgrade) say("call: switched to " + to + " after " + after);
        else say("call: " + from + " path lost; back on the " + to + " after " + after);
    }

    @Override
    public void spareLost(Call call, String path, String why) {
        say("call: the spare " + path + " path went away (" + why + "); the call goes on over " + call.currentPath());
    }

    @Override
    public void chat(Call call, String text) {
        say(call.peer() + ": " + text);
    }

    @Override
    public void transferProgress(Call call, String what, long done, long total) {
        say("  " + what + ": " + (total == 0 ? 100 : done * 100 / total) + "% (" + done + "/" + total + ")");
    }

    @Override
    public void received(Call call, Delivery d) {
        say((d.ok() ? "received " : "FAILED to receive ") + d.kind() + " " + d.name() + ": " + d.detail());
    }

    @Override
    public void delivered(Call call, Delivery d) {
        say((d.ok() ? "delivered " : "NOT delivered ") + d.kind() + " " + d.name() + ": " + d.detail());
    }

    @Override
    public void ended(Call call, String reason, boolean normal) {
        say("call ended: " + reason);
    }

    @Override
    public void callFailed(String callId, String reason) {
        say("call failed: " + reason);
    }

    @Override
    public void cancelled(String callId, String reason) {
        say(reason); // "alice cancelled the call"
    }

    @Override
    public void refusedAsBusy(String from, String busyWith) {
        say(from + " called; refused as busy (you are " + busyWith + ")");
    }
}
