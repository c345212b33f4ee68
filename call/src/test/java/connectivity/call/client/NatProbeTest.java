package connectivity.call.client;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.call.wire.Frames;
import connectivity.call.wire.MessageChannel;
import connectivity.call.wire.ProtocolCodec;
import connectivity.call.wire.RelayMessage;
import connectivity.net.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The relay's OBSERVE and the probe built on it and the rendezvous's CHALLENGE, on 127.0.0.1 (no NAT). */
@Timeout(30)
class NatProbeTest {
    static final Duration T = Duration.ofSeconds(5);

    @Test
    void theRelayTellsAnObserverWhereItSeesIt() throws Exception {
        try (Lab lab = new Lab(); Connection c = Connection.dial(lab.relayAddress(), T)) {
            c.readTimeout(T);
            MessageChannel ch = new MessageChannel(c, Frames.MAX_CONTROL);
            ch.send(new RelayMessage.Observe());
            assertThat(ch.expect(ProtocolCodec::relay, RelayMessage.Observed.class).seen())
                    .isEqualTo("127.0.0.1:" + c.localAddress().getPort());
            assertThat(ch.receive()).as("and then it closes").isNull();
        }
    }

    @Test
    void oneMappingTowardsBothServersAtOurOwnAddressIsNoNat() throws Exception {
        try (Lab lab = new Lab()) {
            NatProbe.Result r = NatProbe.run(lab.rendezvousAddress(), lab.relayAddress(), T);
            assertThat(r.nat()).isEqualTo(NatProbe.Nat.PUBLIC);
            assertThat(r.mapped()).isEqualTo("127.0.0.1:" + r.port()).isEqualTo(r.viaRelay());
        }
    }

    @Test
    void natWordsReadBackAndAnUnknownOneCannotPunch() {
        for (NatProbe.Nat n : NatProbe.Nat.values()) assertThat(NatProbe.Nat.of(n.wire())).isEqualTo(n);
        assertThat(NatProbe.Nat.of("hairpin")).isEqualTo(NatProbe.Nat.SYMMETRIC);
    }
}
