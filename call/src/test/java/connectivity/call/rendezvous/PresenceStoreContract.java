package connectivity.call.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What every {@link PresenceStore} must do; subclasses supply the implementation. */
@Timeout(30)
abstract class PresenceStoreContract {
    abstract PresenceStore store();

    static Presence presence(String name, long session) {
        return new Presence(name, new byte[] {7, 8, (byte) session}, "203.0.113.9", 4100,
                List.of("192.168.1.5:4100", "10.0.0.2:4100"), true, session);
    }

    @Test
    void anEntryComesBackAsItWasPut() {
        PresenceStore s = store();
        Presence p = presence("alice", 42);
        s.put(p);
        Presence got = s.get("alice").orElseThrow();
        assertThat(got).usingRecursiveComparison().isEqualTo(p);
        assertThat(s.get("bob")).isEmpty();
    }

    @Test
    void anEntryWithoutLanAddressesAndUnreachableRoundTrips() {
        PresenceStore s = store();
        Presence p = new Presence("bob", new byte[] {1}, "127.0.0.1", 0, List.of(), false, 3);
        s.put(p);
        assertThat(s.get("bob").orElseThrow()).usingRecursiveComparison().isEqualTo(p);
    }

    @Test
    void namesAreSortedAndLeaveWithTheirSession() {
        PresenceStore s = store();
        s.put(presence("carol", 1));
        s.put(presence("alice", 2));
        s.put(presence("bob", 3));
        assertThat(s.names()).containsExactly("alice", "bob", "carol");
        s.remove("bob", 3);
        assertThat(s.names()).containsExactly("alice", "carol");
        assertThat(s.get("bob")).isEmpty();
    }

    @Test
    void anOldSessionCannotRemoveOrRefreshANewerLogin() {
        PresenceStore s = store();
        s.put(presence("alice", 1));
        s.put(presence("alice", 2));
        s.remove("alice", 1);
        assertThat(s.get("alice").orElseThrow().sessionId()).isEqualTo(2);
        assertThat(s.refresh(presence("alice", 1))).isFalse();
        assertThat(s.get("alice").orElseThrow().sessionId()).isEqualTo(2);
        assertThat(s.refresh(presence("alice", 2))).isTrue();
    }

    @Test
    void aRefreshWritesBackALostEntry() {
        PresenceStore s = store();
        s.put(presence("alice", 5));
        s.remove("alice", 5);
        assertThat(s.refresh(presence("alice", 5))).isTrue();
        assertThat(s.get("alice")).isPresent();
        assertThat(s.names()).containsExactly("alice");
    }
}
