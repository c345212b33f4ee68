package connectivity.call.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.call.wire.RendezvousMessage.Punch;
import connectivity.call.wire.RendezvousMessage.PunchSync;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the rendezvous passes on of hole-punching messages, without sockets. */
class PunchesTest {
    final Punches punches = new Punches();
    final Session alice = new Session(1, "alice", null, null,
            new Presence("alice", new byte[] {1}, "198.18.0.201", 4000, List.of(), false, 1));

    @Test
    void aPunchIsPassedOnInTheSendersNameWhateverPeerItClaimed() {
        assertThat(punches.pass(alice, new Punch("c1", "bob", "198.18.0.201:40000", "cone"), 0))
                .isEqualTo(new Punch("c1", "alice", "198.18.0.201:40000", "cone"));
        assertThat(punches.pass(alice, new PunchSync("c1", "bob"), 0)).isEqualTo(new PunchSync("c1", "alice"));
    }

    @Test
    void anAddressAtSomeoneElsesIpIsDropped() {
        assertThat(punches.pass(alice, new Punch("c1", "bob", "198.18.0.99:40000", "cone"), 0)).isNull();
        assertThat(punches.pass(alice, new Punch("c1", "bob", "198.18.0.2011:40000", "cone"), 0)).isNull();
    }

    @Test
    void atMostThirtyAMinutePerSession() {
        for (int i = 0; i < Punches.PER_MINUTE; i++) assertThat(punches.pass(alice, new PunchSync("c1", "bob"), 1_000)).isNotNull();
        assertThat(punches.pass(alice, new PunchSync("c1", "bob"), 59_000)).isNull();
        assertThat(punches.pass(alice, new PunchSync("c1", "bob"), 60_000)).as("a new minute").isNotNull();
    }
}
