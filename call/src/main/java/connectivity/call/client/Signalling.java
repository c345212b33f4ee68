package connectivity.call.client;

import connectivity.call.wire.RendezvousMessage;
import java.io.IOException;

/** The one thing the call roles need of the rendezvous session: a way to tell the rendezvous something. */
@FunctionalInterface
interface Signalling {
    /** Sends now, or throws if the rendezvous connection is down. */
    void send(RendezvousMessage m) throws IOException;

    /** For messages the call proceeds without (CANCEL, CONNECTED, FAILED): the rendezvous just does not hear it. */
    default void sendQuietly(RendezvousMessage m) {
        try {
            send(m);
        } catch (IOException ignored) {
            // the call proceeds without the rendezvous hearing about it
        }
    }
}
