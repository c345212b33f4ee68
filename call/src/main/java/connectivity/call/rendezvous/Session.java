package connectivity.call.rendezvous;

import connectivity.call.wire.MessageChannel;
import connectivity.call.wire.ProtocolCodec;
import connectivity.call.wire.RendezvousMessage;

/** One logged-in client of this instance. */
record Session(long id, String name, MessageChannel channel, Outbox outbox, Presence presence) {
    /** Queues {@code m} for the client; never blocks (a client that does not read is dropped, not waited for). */
    void send(RendezvousMessage m) {
        outbox.send(ProtocolCodec.encode(m));
    }
}
