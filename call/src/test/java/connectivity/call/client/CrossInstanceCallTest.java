package connectivity.call.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import connectivity.call.crypto.Identity;
import connectivity.call.relay.RedisUsedTokens;
import connectivity.call.relay.RelayLimits;
import connectivity.call.relay.RelayServer;
import connectivity.call.relay.RelayTokens;
import connectivity.call.rendezvous.RedisNameRegistry;
import connectivity.call.rendezvous.RedisPresenceStore;
import connectivity.call.rendezvous.RedisSignalBus;
import connectivity.call.rendezvous.RendezvousServer;
import connectivity.call.store.RedisFixture;
import connectivity.call.store.RedisStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Alice on one rendezvous instance calls bob on another; the two share one Redis (names, presence, signals). */
@Timeout(60)
class CrossInstanceCallTest {
    static final Duration T = Duration.ofSeconds(10);
    static final String PREFIX = "conn:call:";
    @RegisterExtension
    static final RedisFixture redis = new RedisFixture();

    @TempDir
    Path dir;

    RendezvousServer one;
    RendezvousServer two;
    RelayServer relay;
    final List<CallClient> clients = new ArrayList<>();

    @BeforeEach
    void startServers() throws IOException {
        RelayTokens tokens = new RelayTokens(Lab.SECRET);
        redis.freshStore();
        one = rendezvous(redis.store(), tokens);
        two = rendezvous(redis.store(), tokens);
        relay = new RelayServer(tokens, new RedisUsedTokens(redis.store(), PREFIX, Clock.systemUTC()), RelayLimits.defaults())
                .start("127.0.0.1", 0);
    }

    @AfterEach
    void stopServers() {
        clients.forEach(CallClient::close);
        if (relay != null) relay.close();
        if (one != null) one.close();
        if (two != null) two.close();
    }

    static RendezvousServer rendezvous(RedisStore store, RelayTokens tokens) throws IOException {
        var config = new RendezvousServer.Config(Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(5), tokens);
        return new RendezvousServer(config, new RedisNameRegistry(store, PREFIX),
                new RedisPresenceStore(store, PREFIX, Duration.ofSeconds(2)), new RedisSignalBus(store, PREFIX))
                .start("127.0.0.1", 0);
    }

    Lab.Recorder client(String name, RendezvousServer at, boolean unreachable, boolean autoAccept) throws IOException {
        Lab.Recorder r = new Lab.Recorder(autoAccept);
        CallClientConfig config = CallClientConfig.builder(name, new InetSocketAddress("127.0.0.1", at.port()))
                .relay(new InetSocketAddress("127.0.0.1", relay.port()))
                .listen(new InetSocketAddress("127.0.0.1", 0))
                .unreachable(unreachable)
                .pingInterval(Duration.ofMillis(500))
                .answerTimeout(Duration.ofSeconds(5)) // a ring lost to a Redis restart gives up soon
                .saveTo(dir)
                .build();
        CallClient c = new CallClient(config, Identity.generate(), r).start();
        clients.add(c);
        r.client = c;
        return r;
    }

    @ParameterizedTest(name = "caller unreachable={0}, callee unreachable={1} -> {2}")
    @CsvSource({"false,false,direct", "false,true,reverse", "true,true,relay"})
    void aCallAcrossInstancesConnectsOnEachPath(boolean callerUnreachable, boolean calleeUnreachable, String path)
            throws Exception {
        Lab.Recorder bob = client("bob", two, calleeUnreachable, true);
        Lab.Recorder alice = client("alice", one, callerUnreachable, false);
        assertThat(alice.client.who()).containsExactly("alice", "bob");

        Call call = alice.client.dial("bob");
        assertThat(call.path()).isEqualTo(path);
        Call bobsCall = bob.connected.poll(T.toSeconds(), TimeUnit.SECONDS);
        assertThat(bobsCall).isNotNull();
        assertThat(bobsCall.peer()).isEqualTo("alice");
        assertThat(call.chat("hi bob").get(T.toSeconds(), TimeUnit.SECONDS).ok()).isTrue();
        assertThat(bob.chats.poll(T.toSeconds(), TimeUnit.SECONDS)).isEqualTo("hi bob");
        call.hangup();
        assertThat(bob.ended.poll(T.toSeconds(), TimeUnit.SECONDS)).isEqualTo("alice hung up");

        // Both instances forgot the connected call: bob leaving now is no news for it.
        bob.client.close();
        assertThat(bob.failed).isEmpty();
        assertThat(alice.failed.poll(1, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void aRejectionOnTheOtherInstanceReachesTheCaller() throws Exception {
        Lab.Recorder bob = client("bob", two, false, false);
        Lab.Recorder alice = client("alice", one, false, false);
        CompletableFuture<Call> dial = dialInBackground(alice, "bob");
        IncomingCall ring = bob.rings.poll(T.toSeconds(), TimeUnit.SECONDS);
        assertThat(ring).isNotNull();
        assertThat(ring.from()).isEqualTo("alice");
        ring.reject();
        assertThat(failure(dial)).isEqualTo("bob rejected the call");
    }

    @Test
    void aCancelReachesTheCalleeOnTheOtherInstance() throws Exception {
        Lab.Recorder bob = client("bob", two, false, false);
        Lab.Recorder alice = client("alice", one, false, false);
        CompletableFuture<Call> dial = dialInBackground(alice, "bob");
        IncomingCall ring = bob.rings.poll(T.toSeconds(), TimeUnit.SECONDS);
        assertThat(ring).isNotNull();
        assertThat(alice.client.cancelDialing()).isTrue();
        assertThat(failure(dial)).isEqualTo("you cancelled the call");
        assertThat(bob.cancelled.poll(T.toSeconds(), TimeUnit.SECONDS)).isEqualTo("alice cancelled the call");
        assertThatThrownBy(ring::accept).isInstanceOf(IOException.class);
    }

    @Test
    void aCalleeLeavingWhileItRingsFailsTheCallOnTheOtherInstance() throws Exception {
        Lab.Recorder bob = client("bob", two, false, false);
        Lab.Recorder alice = client("alice", one, false, false);
        CompletableFuture<Call> dial = dialInBackground(alice, "bob");
        assertThat(bob.rings.poll(T.toSeconds(), TimeUnit.SECONDS)).isNotNull();
        bob.client.close();
        assertThat(failure(dial)).contains("bob went offline");
    }

    @Test
    void afterARedisRestartTheInstancesFindEachOtherAgain() throws Exception {
        Lab.Recorder bob = client("bob", two, false, true);
        Lab.Recorder alice = client("alice", one, false, false);
        redis.redis.restart(); // comes back empty: presence, names and subscriptions are gone
        // Sessions that lived through it write their presence back at their next ping; those the outage ended
        // log in again; the signal buses resubscribe.
        await().atMost(Duration.ofSeconds(20)).until(() -> alice.client.loggedIn() && bob.client.loggedIn()
                && one.presence().names().equals(List.of("alice", "bob")));
        Call call = dialUntilConnected(alice, "bob");
        assertThat(call.peer()).isEqualTo("bob");
        assertThat(bob.connected.poll(T.toSeconds(), TimeUnit.SECONDS)).isNotNull();
    }

    /** Dials until a call connects: right after the restart a signal may still be lost to a resubscribing bus. */
    private static Call dialUntilConnected(Lab.Recorder who, String peer) {
        Call[] connected = new Call[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try {
                connected[0] = who.client.dial(peer);
                return true;
            } catch (CallFailedException e) {
                return false;
            }
        });
        return connected[0];
    }

    @Test
    void aNameBoundOnOneInstanceCannotBeTakenOnTheOther() throws Exception {
        client("alice", one, false, false);
        assertThatThrownBy(() -> client("alice", two, false, false)).isInstanceOf(CallClient.LoginRefusedException.class)
                .hasMessageContaining("bound to another key");
    }

    private static CompletableFuture<Call> dialInBackground(Lab.Recorder who, String peer) {
        CompletableFuture<Call> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                f.complete(who.client.dial(peer));
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    private static String failure(CompletableFuture<Call> dial) throws Exception {
        try {
            Call c = dial.get(T.toSeconds(), TimeUnit.SECONDS);
            throw new AssertionError("the dial succeeded: " + c.path());
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(CallFailedException.class);
            return e.getCause().getMessage();
        }
    }
}
