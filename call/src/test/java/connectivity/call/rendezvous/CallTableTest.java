package connectivity.call.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.call.rendezvous.CallTable.CallRecord;
import connectivity.call.wire.RendezvousMessage.CallAccepted;
import connectivity.call.wire.RendezvousMessage.CallCancelled;
import connectivity.call.wire.RendezvousMessage.CallFailed;
import connectivity.call.wire.RendezvousMessage.CallRejected;
import connectivity.call.wire.RendezvousMessage.ConnectTo;
import connectivity.call.wire.RendezvousMessage.Incoming;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How an instance's copy of a call follows the messages that reach its user from another instance. */
class CallTableTest {
    final CallTable table = new CallTable();

    @Test
    void anIncomingCallIsRecordedForTheCallee() {
        assertThat(table.track("bob", new Incoming("c1", "alice", new byte[] {1}))).isTrue();
        assertThat(table.get("c1")).isEqualTo(new CallRecord("c1", "alice", "bob", false));
        assertThat(table.involving("bob")).hasSize(1);
    }

    @Test
    void anIncomingCallReusingAnIdWeKnowIsNotDelivered() {
        table.place(new CallRecord("c1", "carol", "dave", false));
        assertThat(table.track("bob", new Incoming("c1", "alice", new byte[] {1}))).isFalse();
        assertThat(table.get("c1").caller()).isEqualTo("carol");
    }

    @Test
    void anAcceptMakesTheCallersCopyAcceptedAndOnlyForTheCaller() {
        table.place(new CallRecord("c1", "alice", "bob", false));
        assertThat(table.ownCall("alice", "c1")).isNull();
        assertThat(table.track("mallory", accepted("c1"))).isFalse();
        assertThat(table.ownCall("alice", "c1")).isNull();
        assertThat(table.track("alice", accepted("c1"))).isTrue();
        assertThat(table.ownCall("alice", "c1")).isNotNull();
        assertThat(table.track("alice", accepted("unknown"))).isFalse();
    }

    @Test
    void rejectionsFailuresAndCancelsEndTheCallForItsParties() {
        for (var end : List.of(new CallRejected("c1", false), new CallFailed("c1", "x"), new CallCancelled("c1", "y"))) {
            table.place(new CallRecord("c1", "alice", "bob", false));
            assertThat(table.track("carol", end)).isTrue(); // not a party: the call stays
            assertThat(table.get("c1")).isNotNull();
            table.track(end instanceof CallCancelled ? "bob" : "alice", end);
            assertThat(table.get("c1")).isNull();
        }
    }

    @Test
    void pathMessagesChangeNothing() {
        CallRecord r = new CallRecord("c1", "alice", "bob", true);
        table.place(r);
        assertThat(table.track("bob", new ConnectTo("c1", List.of("1.2.3.4:5")))).isTrue();
        assertThat(table.get("c1")).isEqualTo(r);
    }

    private static CallAccepted accepted(String id) {
        return new CallAccepted(id, new byte[] {2}, "203.0.113.9:4100", List.of(), true, false, true);
    }
}
