package connectivity.call.client;

import connectivity.call.wire.RendezvousMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** What the socket-free tests' roles said: to the rendezvous, and to the user. */
final class Recorded implements Signalling, ClientEvents {
    final List<RendezvousMessage> sent = new ArrayList<>();
    final List<String> said = new ArrayList<>();
    final List<IncomingCall> rang = new ArrayList<>();
    boolean rendezvousDown;

    @Override
    public void send(RendezvousMessage m) throws IOException {
        if (rendezvousDown) throw new IOException("not connected to the rendezvous");
        sent.add(m);
    }

    @Override
    public void progress(String callId, String text) {
        said.add("progress " + text);
    }

    @Override
    public void incoming(IncomingCall call) {
        rang.add(call);
        said.add("incoming " + call.from());
    }

    @Override
    public void callFailed(String callId, String reason) {
        said.add("failed " + reason);
    }

    @Override
    public void cancelled(String callId, String reason) {
        said.add("cancelled " + reason);
    }

    @Override
    public void refusedAsBusy(String from, String busyWith) {
        said.add("busy " + from + ": " + busyWith);
    }
}
