package connectivity.call.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import connectivity.call.crypto.Identity;
import connectivity.call.rendezvous.InMemoryNameRegistry;
import connectivity.call.rendezvous.InMemoryPresenceStore;
import connectivity.call.rendezvous.Presence;
import connectivity.call.rendezvous.RendezvousServer;
import connectivity.call.wire.Frames;
import connectivity.call.wire.Labels;
import connectivity.call.wire.MessageChannel;
import connectivity.call.wire.WireMessage;
import connectivity.net.Connection;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a hostile or unlucky client does to the rendezvous (issue 11, calling). */
@Timeout(60)
class RendezvousHardeningTest {
    static final Duration T = Duration.ofSeconds(5);

    private final InMemoryPresenceStore presence = new InMemoryPresenceStore();
    private RendezvousServer server;

    private InetSocketAddress start(Duration loginTimeout) throws IOException {
        server = new RendezvousServer(new RendezvousServer.Config(Duration.ofSeconds(5), Duration.ofSeconds(2), loginTimeout, null),
                new InMemoryNameRegistry(), presence).start("127.0.0.1", 0);
        return new InetSocketAddress("127.0.0.1", server.port());
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void aLoginWithAPortOutOfRangeGetsAnError() throws Exception {
        InetSocketAddress at = start(T);
        try (Connection c = Connection.dial(at, T)) {
            c.readTimeout(T);
            MessageChannel ch = new MessageChannel(c, Frames.MAX_CONTROL);
            sendLogin(ch, "alice", Identity.generate(), "70000");
            assertThatThrownBy(() -> ch.expect("WELCOME")).isInstanceOf(MessageChannel.RemoteRefusal.class)
                    .hasMessageContaining("port");
        }
        assertThat(presence.get("alice")).isEmpty();
    }

    @Test
    void aLoginDribbledOneByteAtATimeEndsAtTheDeadline() throws Exception {
        InetSocketAddress at = start(Duration.ofMillis(1500));
        try (Connection c = Connection.dial(at, T)) {
            MessageChannel ch = new MessageChannel(c, Frames.MAX_CONTROL);
            c.readTimeout(T);
            ch.expect("CHALLENGE");
            c.readTimeout(Duration.ofSeconds(30)); // our reader must outlast the dribble: only the server may end it
            CountDownLatch closed = new CountDownLatch(1);
            InputStream in = c.input();
            Thread.ofVirtual().start(() -> {
                try {
                    while (in.read() >= 0) { }
                } catch (java.net.SocketTimeoutException e) {
                    return; // the server never closed: the latch stays up and the assertion fails
                } catch (IOException e) {
                    // reset counts as closed too
                }
                closed.countDown();
            });
            byte[] header = Frames.header(1000);
            // One byte every 500 ms keeps each read inside 1.5 s; only a deadline for the whole login ends it.
            for (int i = 0; i < 12 && closed.getCount() > 0; i++) {
                try {
                    c.output().write(i < 4 ? header[i] : 'x');
                    c.output().flush();
                } catch (IOException e) {
                    break;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500)); // pacing the attacker, not synchronising
            }
            assertThat(closed.await(1, TimeUnit.SECONDS)).as("closed within the login deadline").isTrue();
        }
    }

    @Test
    void unansweredCallsPerCallerAreCapped() throws Exception {
        InetSocketAddress at = start(T);
        try (Connection bob = rawLogin(at, "bob"); Connection alice = rawLogin(at, "alice")) {
            MessageChannel ch = new MessageChannel(alice, Frames.MAX_CONTROL);
            int cap = RendezvousServer.Config.DEFAULT_MAX_PENDING_CALLS;
            for (int i = 0; i < cap; i++) {
                ch.send(WireMessage.of("CALL", "call", "c" + i, "to", "bob"));
                assertThat(ch.expect("RINGING").get("call")).isEqualTo("c" + i);
            }
            ch.send(WireMessage.of("CALL", "call", "over", "to", "bob"));
            WireMessage m = ch.receive();
            assertThat(m.type()).isEqualTo("CALL_FAILED");
            assertThat(m.get("reason")).contains("unanswered");
        }
    }

    @Test
    void whoWithThousandsOnlineFitsInOneControlFrame() throws Exception {
        InetSocketAddress at = start(T);
        for (int i = 0; i < 3000; i++) {
            String name = String.format("user-%026d", i);
            presence.put(new Presence(name, new byte[32], "127.0.0.1", 0, List.of(), false, 100_000 + i));
        }
        try (Connection c = rawLogin(at, "alice")) {
            MessageChannel ch = new MessageChannel(c, Frames.MAX_CONTROL);
            ch.send(WireMessage.of("WHO"));
            WireMessage list = ch.expect("WHO_LIST");
            String[] names = list.get("names").split(",");
            assertThat(names.length).isGreaterThan(10).isLessThan(3001);
            assertThat(Long.parseLong(list.get("more"))).isEqualTo(3001 - names.length);
        }
    }

    @Test
    void aClientThatStopsReadingIsDroppedAndFreezesNobody() throws Exception {
        InetSocketAddress at = start(T);
        for (int i = 0; i < 300; i++) {
            presence.put(new Presence(String.format("user-%026d", i), new byte[32], "127.0.0.1", 0, List.of(), false, 100_000 + i));
        }
        try (Connection mute = rawLogin(at, "mute"); Connection bob = rawLogin(at, "bob")) {
            // mute asks for ~8 KiB answers and never reads them, until the server stops reading it too
            Thread.ofVirtual().start(() -> {
                MessageChannel ch = new MessageChannel(mute, Frames.MAX_CONTROL);
                try {
                    for (int i = 0; i < 100_000; i++) ch.send(WireMessage.of("WHO"));
                } catch (IOException e) {
                    // dropped: expected
                }
            });
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> presence.get("mute").isEmpty());
            MessageChannel ch = new MessageChannel(bob, Frames.MAX_CONTROL);
            ch.send(WireMessage.of("CALL", "call", "c1", "to", "mute"));
            WireMessage m = ch.receive();
            assertThat(m.type()).isEqualTo("CALL_FAILED");
            assertThat(m.get("reason")).contains("not online");
        }
    }

    private static Connection rawLogin(InetSocketAddress at, String name) throws IOException {
        Connection c = Connection.dial(at, T);
        c.readTimeout(T);
        MessageChannel ch = new MessageChannel(c, Frames.MAX_CONTROL);
        sendLogin(ch, name, Identity.generate(), "0");
        ch.expect("WELCOME");
        return c;
    }

    private static void sendLogin(MessageChannel ch, String name, Identity id, String port) throws IOException {
        WireMessage challenge = ch.expect("CHALLENGE");
        byte[] sig = id.sign(Labels.login(), challenge.getBytes("nonce"), name.getBytes(StandardCharsets.UTF_8));
        ch.send(WireMessage.of("LOGIN", "name", name, "id", WireMessage.b64(id.publicKeyBytes()), "sig",
                WireMessage.b64(sig), "port", port, "lan", "", "reachable", "true"));
    }
}
