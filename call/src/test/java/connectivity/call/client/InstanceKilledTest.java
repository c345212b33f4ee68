package connectivity.call.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import connectivity.call.crypto.Identity;
import connectivity.call.relay.RelayTokens;
import connectivity.call.rendezvous.Presence;
import connectivity.call.rendezvous.RedisNameRegistry;
import connectivity.call.rendezvous.RedisPresenceStore;
import connectivity.call.rendezvous.RedisSignalBus;
import connectivity.call.rendezvous.RendezvousServer;
import connectivity.call.store.CuttableProxy;
import connectivity.call.store.RedisFixture;
import connectivity.call.store.RedisStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two rendezvous instances on one Redis, and instance two killed: it dies without a word to Redis (its link to Redis
 * is cut first, so no logout, presence removal or CALL_FAILED of its own reaches the survivors), and its users'
 * connections close, as a crashed process's would. A call set-up in flight ends for the caller with one clear
 * reason, never hangs; presence of the dead instance's users converges within one TTL.
 */
@Timeout(60)
class InstanceKilledTest {
    static final Duration T = Duration.ofSeconds(10);
    static final Duration TTL = Duration.ofSeconds(2);
    static final Duration ANSWER = Duration.ofSeconds(3);
    @RegisterExtension
    static final RedisFixture redis = new RedisFixture();

    @TempDir
    Path dir;

    CuttableProxy twosLink;
    RendezvousServer one;
    RendezvousServer two;
    final List<CallClient> clients = new ArrayList<>();
    final List<RedisStore> stores = new ArrayList<>();

    @BeforeEach
    void startServers() throws IOException {
        RelayTokens tokens = new RelayTokens(Lab.SECRET);
        redis.freshStore();
        one = rendezvous(redis.store(), tokens);
        twosLink = new CuttableProxy(new InetSocketAddress("127.0.0.1", redis.redis.port()));
        RedisStore twosStore = twosLink.store();
        two = rendezvous(twosStore, tokens);
        stores.add(twosStore);
    }

    @AfterEach
    void stopServers() {
        clients.forEach(CallClient::close);
        if (one != null) one.close();
        if (two != null) two.close();
        stores.forEach(RedisStore::close);
        if (twosLink != null) twosLink.close();
    }

    static RendezvousServer rendezvous(RedisStore store, RelayTokens tokens) throws IOException {
        var config = new RendezvousServer.Config(Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(5), tokens);
        String prefix = CrossInstanceCallTest.PREFIX;
        return new RendezvousServer(config, new RedisNameRegistry(store, prefix), new RedisPresenceStore(store, prefix, TTL),
                new RedisSignalBus(store, prefix)).start("127.0.0.1", 0);
    }

    /** Instance two crashes: Redis hears nothing more from it, then its users' connections drop. */
    void killTwo() {
        twosLink.cut();
        two.close();
    }

    Lab.Recorder client(String name, boolean autoAccept, RendezvousServer... at) throws IOException {
        Lab.Recorder r = new Lab.Recorder(autoAccept);
        List<InetSocketAddress> more = new ArrayList<>();
        for (int i = 1; i < at.length; i++) more.add(new InetSocketAddress("127.0.0.1", at[i].port()));
        CallClientConfig config = CallClientConfig.builder(name, new InetSocketAddress("127.0.0.1", at[0].port()))
                .otherRendezvous(more).listen(new InetSocketAddress("127.0.0.1", 0)).pingInterval(Duration.ofMillis(500))
                .answerTimeout(ANSWER).saveTo(dir).build();
        CallClient c = new CallClient(config, Identity.generate(), r).start();
        clients.add(c);
        r.client = c;
        return r;
    }

    @Test
    void aRingingCallWhoseCalleesInstanceDiesEndsForTheCallerAtTheAnswerTimeout() throws Exception {
        Lab.Recorder bob = client("bob", false, two, one);
        Lab.Recorder alice = client("alice", false, one);
        CompletableFuture<Call> dial = dialInBackground(alice, "bob");
        assertThat(bob.rings.poll(T.toSeconds(), TimeUnit.SECONDS)).isNotNull();

        killTwo(); // the ring went with it; bob moves to instance one, which knows nothing of it
        assertThat(bob.moves.poll(T.toSeconds(), TimeUnit.SECONDS)).isEqualTo("127.0.0.1:" + one.port());
        assertThat(failure(dial)).isEqualTo("bob did not answer within " + ANSWER.toSeconds() + " s");
        assertThat(alice.lost).isEmpty(); // alice's instance lived on
        // The caller's CANCEL reaches bob where he is now, so his phone stops ringing too.
        assertThat(bob.cancelled.poll(T.toSeconds(), TimeUnit.SECONDS)).isEqualTo("alice cancelled the call");
    }

    @Test
    void aRingingCallWhoseCallersInstanceDiesFailsAtOnceSayingSo() throws Exception {
        Lab.Recorder bob = client("bob", false, one);
        Lab.Recorder alice = client("alice", false, two, one);
        CompletableFuture<Call> dial = dialInBackground(alice, "bob");
        assertThat(bob.rings.poll(T.toSeconds(), TimeUnit.SECONDS)).isNotNull();

        killTwo();
        assertThat(failure(dial)).isEqualTo("lost the rendezvous: connection closed by rendezvous");
        await().atMost(T).until(() -> alice.client.loggedIn()); // and alice can dial again from instance one
        assertThat(alice.client.who()).containsExactly("alice", "bob");
    }

    @Test
    void aRingingCallOnOneInstanceThatDiesFailsAtOnceSayingSo() throws Exception {
        Lab.Recorder bob = client("bob", false, two);
        Lab.Recorder alice = client("alice", false, two);
        CompletableFuture<Call> dial = dialInBackground(alice, "bob");
        assertThat(bob.rings.poll(T.toSeconds(), TimeUnit.SECONDS)).isNotNull();

        killTwo();
        assertThat(failure(dial)).isEqualTo("lost the rendezvous: connection closed by rendezvous");
    }

    @Test
    void aKilledInstancesUserIsShownOfflineWithinOneTtl() throws Exception {
        Lab.Recorder bob = client("bob", false, two); // nowhere else to go: he stays away
        Lab.Recorder alice = client("alice", false, one);
        assertThat(alice.client.who()).containsExactly("alice", "bob");

        killTwo();
        assertThat(bob.lost.poll(T.toSeconds(), TimeUnit.SECONDS)).isNotNull();
        // No logout reached Redis: only the entry's expiry, at most one TTL after bob's last ping, takes him off.
        assertThat(one.presence().get("bob")).isPresent();
        await().atMost(TTL.plusSeconds(1)).pollInterval(Duration.ofMillis(100))
                .until(() -> alice.client.who().equals(List.of("alice")));
        assertThat(one.presence().get("bob")).isEmpty();
    }

    @Test
    void aKilledInstancesUserWhoLogsInElsewhereIsShownOnlineAndStays() throws Exception {
        Lab.Recorder bob = client("bob", true, two, one);
        Lab.Recorder alice = client("alice", false, one);
        long before = one.presence().get("bob").map(Presence::sessionId).orElseThrow();

        killTwo();
        assertThat(bob.moves.poll(T.toSeconds(), TimeUnit.SECONDS)).isEqualTo("127.0.0.1:" + one.port());
        await().atMost(T).until(() -> bob.client.loggedIn());
        assertThat(one.presence().get("bob").map(Presence::sessionId)).isPresent().get().isNotEqualTo(before);
        // The dead session's entry was replaced, not left to expire under him: past one TTL he is still listed.
        await().during(TTL.plusMillis(500)).atMost(TTL.multipliedBy(3))
                .until(() -> alice.client.who().equals(List.of("alice", "bob")));
        assertThat(alice.client.dial("bob")).isNotNull().extracting(Call::peer).isEqualTo("bob");
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

    /** Why the dial failed; it must end within the answer timeout plus slack, never hang. */
    private static String failure(CompletableFuture<Call> dial) throws Exception {
        try {
            Call c = dial.get(ANSWER.plus(T).toSeconds(), TimeUnit.SECONDS);
            throw new AssertionError("the dial succeeded: " + c.path());
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(CallFailedException.class);
            return e.getCause().getMessage();
        }
    }
}
