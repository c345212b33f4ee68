package connectivity.call.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import connectivity.call.crypto.Identity;
import connectivity.call.relay.RelayTokens;
import connectivity.call.rendezvous.RendezvousServer;
import connectivity.call.store.RedisFixture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two rendezvous instances on one Redis and clients given both: when the instance a user is on dies, the user
 * logs in to the other (same name, same key), shows up there and can be called.
 */
@Timeout(60)
class RendezvousFailoverTest {
    static final Duration T = Duration.ofSeconds(10);
    @RegisterExtension
    static final RedisFixture redis = new RedisFixture();

    @TempDir
    Path dir;

    RendezvousServer one;
    RendezvousServer two;
    final List<CallClient> clients = new ArrayList<>();

    @BeforeEach
    void startServers() throws IOException {
        RelayTokens tokens = new RelayTokens(Lab.SECRET);
        redis.freshStore();
        one = CrossInstanceCallTest.rendezvous(redis.store(), tokens);
        two = CrossInstanceCallTest.rendezvous(redis.store(), tokens);
    }

    @AfterEach
    void stopServers() {
        clients.forEach(CallClient::close);
        if (one != null) one.close();
        if (two != null) two.close();
    }

    static InetSocketAddress at(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    Lab.Recorder client(String name, boolean autoAccept, int... ports) throws IOException {
        Lab.Recorder r = new Lab.Recorder(autoAccept);
        List<InetSocketAddress> more = new ArrayList<>();
        for (int i = 1; i < ports.length; i++) more.add(at(ports[i]));
        CallClientConfig config = CallClientConfig.builder(name, at(ports[0])).otherRendezvous(more)
                .listen(at(0)).pingInterval(Duration.ofMillis(500)).answerTimeout(Duration.ofSeconds(5)).saveTo(dir).build();
        CallClient c = new CallClient(config, Identity.generate(), r).start();
        clients.add(c);
        r.client = c;
        return r;
    }

    @Test
    void theUsersOfAKilledInstanceMoveToTheOtherAndCanBeCalled() throws Exception {
        Lab.Recorder bob = client("bob", true, two.port(), one.port());
        Lab.Recorder carol = client("carol", true, two.port(), one.port());
        Lab.Recorder alice = client("alice", false, one.port(), two.port());
        assertThat(bob.moves).isEmpty();
        assertThat(alice.client.who()).containsExactly("alice", "bob", "carol");

        two.close(); // the instance goes away with its users' connections
        assertThat(bob.lost.poll(T.toSeconds(), TimeUnit.SECONDS)).isNotNull();
        assertThat(bob.moves.poll(T.toSeconds(), TimeUnit.SECONDS)).isEqualTo("127.0.0.1:" + one.port());
        assertThat(carol.moves.poll(T.toSeconds(), TimeUnit.SECONDS)).isEqualTo("127.0.0.1:" + one.port());
        await().atMost(T).until(() -> bob.client.loggedIn() && carol.client.loggedIn());
        assertThat(alice.client.who()).containsExactly("alice", "bob", "carol");
        assertThat(alice.lost).isEmpty(); // alice's instance lived on

        Call call = alice.client.dial("bob");
        assertThat(call.peer()).isEqualTo("bob");
        assertThat(call.chat("you moved").get(T.toSeconds(), TimeUnit.SECONDS).ok()).isTrue();
        assertThat(bob.chats.poll(T.toSeconds(), TimeUnit.SECONDS)).isEqualTo("you moved");
        call.hangup();
        assertThat(alice.client.dial("carol").peer()).isEqualTo("carol");
    }

    @Test
    void aClientStartedWhileTheFirstInstanceIsDownLogsInToTheNext() throws Exception {
        int dead = freePort();
        Lab.Recorder bob = client("bob", true, dead, two.port());
        assertThat(bob.client.loggedIn()).isTrue();
        Lab.Recorder alice = client("alice", false, one.port());
        assertThat(alice.client.dial("bob").peer()).isEqualTo("bob");
    }

    @Test
    void whenNoInstanceAnswersTheFailureNamesEach() throws Exception {
        int a = freePort();
        int b = freePort();
        assertThatThrownBy(() -> client("bob", false, a, b)).isInstanceOf(IOException.class)
                .hasMessage("rendezvous 127.0.0.1:" + a + ": connection refused; rendezvous 127.0.0.1:" + b + ": connection refused");
    }

    @Test
    void aClientWhoseOnlyInstanceDiesComesBackWhenAnotherTakesItsPort() throws Exception {
        Lab.Recorder bob = client("bob", true, two.port());
        int port = two.port();
        two.close();
        assertThat(bob.lost.poll(T.toSeconds(), TimeUnit.SECONDS)).isNotNull();
        two = new RendezvousServer(new RendezvousServer.Config(Duration.ofMillis(500), Duration.ofSeconds(2),
                Duration.ofSeconds(5), new RelayTokens(Lab.SECRET)),
                new connectivity.call.rendezvous.RedisNameRegistry(redis.store(), CrossInstanceCallTest.PREFIX),
                new connectivity.call.rendezvous.RedisPresenceStore(redis.store(), CrossInstanceCallTest.PREFIX, Duration.ofSeconds(2)),
                new connectivity.call.rendezvous.RedisSignalBus(redis.store(), CrossInstanceCallTest.PREFIX)).start("127.0.0.1", port);
        await().atMost(Duration.ofSeconds(20)).until(() -> bob.client.loggedIn());
        assertThat(bob.moves).isEmpty(); // one address: nowhere to move, the same instance again
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
