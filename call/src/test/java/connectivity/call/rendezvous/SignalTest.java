package connectivity.call.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import connectivity.call.wire.CallProtocolException;
import connectivity.call.wire.RendezvousMessage;
import connectivity.call.wire.RendezvousMessage.CallAccepted;
import connectivity.call.wire.RendezvousMessage.CallCancelled;
import connectivity.call.wire.RendezvousMessage.CallFailed;
import connectivity.call.wire.RendezvousMessage.CallRejected;
import connectivity.call.wire.RendezvousMessage.ConnectTo;
import connectivity.call.wire.RendezvousMessage.Incoming;
import connectivity.call.wire.RendezvousMessage.RelayToken;
import connectivity.call.wire.WireMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The signals between instances survive their codec; garbage is a protocol error, not a crash. */
class SignalTest {
    @Test
    void everySignalledMessageRoundTrips() throws Exception {
        List<RendezvousMessage> messages = List.of(new Incoming("c1", "alice", new byte[] {1, 2, 3}),
                new CallAccepted("c1", new byte[] {4}, "203.0.113.9:4100", List.of("10.0.0.2:4100"), true, false, true),
                new CallRejected("c1", true), new CallFailed("c1", "alice went offline"),
                new CallCancelled("c1", "alice cancelled the call"), new ConnectTo("c1", List.of("198.51.100.1:5000")),
                new RelayToken("c1", "127.0.0.1:7500", "abc.def"));
        for (RendezvousMessage m : messages) {
            Signal back = Signal.decode(Signal.encode(new Signal.Deliver("bob", m)));
            assertThat(back).isInstanceOf(Signal.Deliver.class);
            assertThat(back.to()).isEqualTo("bob");
            assertThat(((Signal.Deliver) back).message()).usingRecursiveComparison().isEqualTo(m);
        }
        assertThat(Signal.decode(Signal.encode(new Signal.Forget("bob", "c9")))).isEqualTo(new Signal.Forget("bob", "c9"));
    }

    @Test
    void garbageIsAProtocolError() {
        assertThatThrownBy(() -> Signal.decode("not a frame".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CallProtocolException.class);
        assertThatThrownBy(() -> Signal.decode(WireMessage.of("SHOUT", "to", "bob").encode()))
                .isInstanceOf(CallProtocolException.class).hasMessageContaining("unknown signal");
        assertThatThrownBy(() -> Signal.decode(WireMessage.of("FORGET", "to", "bob").encode()))
                .isInstanceOf(CallProtocolException.class);
    }
}
