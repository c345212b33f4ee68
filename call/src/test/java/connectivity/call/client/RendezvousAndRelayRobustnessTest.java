package connectivity.call.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import connectivity.call.crypto.Identity;
import connectivity.call.relay.RelayLimits;
import connectivity.call.relay.RelayTokens;
import connectivity.call.rendezvous.InMemoryNameRegistry;
import connectivity.call.rendezvous.InMemoryPresenceStore;
import connectivity.call.rendezvous.RendezvousServer;
import connectivity.call.wire.Frames;
import connectivity.call.wire.WireMessage;
import connectivity.call.wire.MessageChannel;
import connectivity.net.Connection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class RendezvousAndRelayRobustnessTest {
    static final Duration T = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void aNameStaysBoundToItsFirstKey() throws Exception {
        try (Lab lab = new Lab()) {
            lab.client("alice", false, dir, false);
            CallClient impostor = new CallClient(lab.options("alice", false, dir).build(), Identity.generate(), new ClientEvents() {});
            assertThatThrownBy(impostor::start).isInstanceOf(CallClient.LoginRefusedException.class)
                    .hasMessageContaining("name alice is bound to another key");
        }
    }

    @Test
    void aSilentClientIsLoggedOutWithinTwoPingIntervals() throws Exception {
        try (Lab lab = new Lab()) {
            Connection c = rawLogin(lab, "mute", Identity.generate());
            assertThat(lab.rendezvous.presence().get("mute")).isPresent();
            // Lab pings every 500 ms, so two intervals plus slack is 1.5 s; allow generously for a busy box.
            await().atMost(Duration.ofSeconds(5)).until(() -> lab.rendezvous.presence().get("mute").isEmpty());
            c.close();
        }
    }

    @Test
    void garbageAndOversizedFramesAreRefusedWithoutHurtingOthers() throws Exception {
        try (Lab lab = new Lab()) {
            Lab.Recorder bob = lab.client("bob", false, dir, true);
            Lab.Recorder alice = lab.client("alice", false, dir, false);
            for (var target : new java.net.InetSocketAddress[] {lab.rendezvousAddress(), lab.relayAddress()}) {
                try (Connection c = Connection.dial(target, T)) {
                    c.readTimeout(T);
                    MessageChannel ch = new MessageChannel(c, Frames.MAX_CONTROL);
                    if (target.equals(lab.rendezvousAddress())) ch.expect("CHALLENGE");
                    c.output().write(Frames.header(50 << 20));
                    c.output().flush();
                    assertThatThrownBy(() -> ch.expect("WELCOME")).hasMessageContaining("exceeds the limit");
                }
                try (Connection c = Connection.dial(target, T)) {
                    c.readTimeout(T);
                    MessageChannel ch = new MessageChannel(c, Frames.MAX_CONTROL);
                    if (target.equals(lab.rendezvousAddress())) ch.expect("CHALLENGE");
                    Frames.write(c.output(), "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    c.output().flush();
                    assertThatThrownBy(() -> ch.expect("WELCOME")).isInstanceOf(MessageChannel.RemoteRefusal.class);
                }
            }
            Call call = alice.client.dial("bob");
            assertThat(call.chat("still here").get(5, TimeUnit.SECONDS).ok()).isTrue();
            call.hangup();
            assertThat(bob.client.loggedIn()).isTrue();
        }
    }

    @Test
    void aRelayTokenWorksOnceAndAForgedOneNever() throws Exception {
        try (Lab lab = new Lab(new RelayLimits(1 << 20, Duration.ofMinutes(1), 10, 4, Duration.ofSeconds(3)))) {
            RelayTokens tokens = new RelayTokens(Lab.SECRET);
            String token = tokens.issue("call-x", "alice");
            assertThatThrownBy(() -> RelayAttempt.join(lab.relayAddress(), token, T, Duration.ofSeconds(10)))
                    .hasMessageContaining("did not join"); // spent on a lonely wait
            assertThatThrownBy(() -> RelayAttempt.join(lab.relayAddress(), token, T, T))
                    .hasMessageContaining("relay token already used");
            String forged = new RelayTokens("not the relay's secret at all".getBytes()).issue("call-x", "alice");
            assertThatThrownBy(() -> RelayAttempt.join(lab.relayAddress(), forged, T, T))
                    .hasMessageContaining("signature is invalid");
        }
    }

    @Test
    void relayLimitsEndTheCallWithAReason() throws Exception {
        try (Lab lab = new Lab(new RelayLimits(256 * 1024, Duration.ofMinutes(1), 10, 1, Duration.ofSeconds(5)))) {
            Path inbox = Files.createDirectories(dir.resolve("in"));
            // upgrade(false): the relay's limits are what these calls meet, not a move to a direct path
            Lab.Recorder bob = lab.client(lab.options("bob", true, inbox).upgrade(false), true);
            // alice may hold two calls at once here, so that her second reaches the relay's cap
            Lab.Recorder alice = lab.client(lab.options("alice", true, dir).oneCallAtATime(false).upgrade(false), false);
            Call call = alice.client.dial("bob");
            assertThat(call.path()).isEqualTo("relay");
            // a second relayed call for the same user hits the per-user cap
            lab.client("carol", true, dir, true);
            assertThatThrownBy(() -> alice.client.dial("carol")).hasMessageContaining("sessions per user");
            byte[] data = new byte[1 << 20];
            new Random(1).nextBytes(data);
            Path big = Files.write(dir.resolve("big.bin"), data);
            try {
                call.sendFile(big);
            } catch (IOException expected) {
                // the relay may cut us off while we are still writing
            }
            assertThat(call.awaitEnd(Duration.ofSeconds(10))).isTrue();
            assertThat(call.endReason()).contains("relay limit reached").contains("bytes each way");
            assertThat(Files.exists(inbox.resolve("big.bin"))).isFalse();
        }
    }

    @Test
    void theRelaysDurationLimitEndsTheCallForBothAndTheSessionCapRefusesMore() throws Exception {
        // 5 s leaves ample room for the handshake on a loaded machine; the limit is what ends the call.
        try (Lab lab = new Lab(new RelayLimits(1 << 30, Duration.ofSeconds(5), 1, 4, Duration.ofSeconds(5)))) {
            // upgrade(false): on a direct path the relay's duration limit would only end the spare
            Lab.Recorder bob = lab.client(lab.options("bob", true, dir).upgrade(false), true);
            Lab.Recorder alice = lab.client(lab.options("alice", true, dir).upgrade(false), false);
            Call call = alice.client.dial("bob");
            assertThat(call.path()).isEqualTo("relay");
            // one session in all: a second relayed call is refused while the first lasts
            Lab.Recorder carol = lab.client("carol", true, dir, false);
            Lab.Recorder dave = lab.client("dave", true, dir, true);
            assertThatThrownBy(() -> carol.client.dial("dave")).hasMessageContaining("relay is full: at most 1 sessions");
            assertThat(dave.connected).isEmpty();
            assertThat(call.chat("still within the limit").get(5, TimeUnit.SECONDS).ok()).isTrue();

            String reason = "relay limit reached: calls may last at most 5 s";
            assertThat(alice.ended.poll(20, TimeUnit.SECONDS)).isEqualTo(reason);
            assertThat(bob.ended.poll(10, TimeUnit.SECONDS)).isEqualTo(reason);
            assertThat(call.endedNormally()).isFalse();
            await().atMost(Duration.ofSeconds(10)).until(() -> lab.relay.activeSessions() == 0);
            assertThat(alice.client.loggedIn()).isTrue();
        }
    }

    @Test
    void clientsLogInAgainAfterTheRendezvousRestarts() throws Exception {
        Lab lab = new Lab();
        int port = lab.rendezvous.port();
        Lab.Recorder alice = lab.client("alice", false, dir, false);
        assertThat(alice.logins.poll(5, TimeUnit.SECONDS)).isNotNull();
        lab.rendezvous.close();
        assertThat(alice.lost.poll(10, TimeUnit.SECONDS)).isNotNull();
        RendezvousServer again = new RendezvousServer(
                new RendezvousServer.Config(Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(5), null),
                new InMemoryNameRegistry(), new InMemoryPresenceStore()).start("127.0.0.1", port);
        try {
            assertThat(alice.logins.poll(20, TimeUnit.SECONDS)).isNotNull();
            await().atMost(Duration.ofSeconds(5)).until(() -> again.presence().get("alice").isPresent());
        } finally {
            lab.close();
            again.close();
        }
    }

    /** Logs in by hand and then stays silent. */
    private static Connection rawLogin(Lab lab, String name, Identity id) throws IOException {
        Connection c = Connection.dial(lab.rendezvousAddress(), T);
        c.readTimeout(T);
        MessageChannel ch = new MessageChannel(c, Frames.MAX_CONTROL);
        WireMessage challenge = ch.expect("CHALLENGE");
        byte[] sig = id.sign(connectivity.call.wire.Labels.login(), challenge.getBytes("nonce"), name.getBytes(StandardCharsets.UTF_8));
        ch.send(WireMessage.of("LOGIN", "name", name, "id", WireMessage.b64(id.publicKeyBytes()), "sig", WireMessage.b64(sig),
                "port", "0", "lan", "", "reachable", "false"));
        ch.expect("WELCOME");
        return c;
    }
}
