package connectivity.call.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import connectivity.call.crypto.Identity;
import connectivity.call.store.RedisFixture;
import connectivity.call.store.RedisStore;
import connectivity.call.wire.MessageChannel;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;

/** A rendezvous on Redis: name ownership across restarts, Redis outages, presence kept alive by pings. */
@Timeout(60)
class RedisRendezvousTest {
    @RegisterExtension
    static final RedisFixture redis = new RedisFixture();
    final List<RendezvousServer> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(RendezvousServer::close);
    }

    /** A rendezvous process of its own (its own connection pool) on the shared Redis. */
    RendezvousServer rendezvous(RedisStore store, Duration ping) throws IOException {
        var config = new RendezvousServer.Config(ping, Duration.ofSeconds(2), Duration.ofSeconds(5), null);
        RendezvousServer s = new RendezvousServer(config, new RedisNameRegistry(store, "conn:call:"),
                new RedisPresenceStore(store, "conn:call:", ping.multipliedBy(2).plusMillis(500))).start("127.0.0.1", 0);
        servers.add(s);
        return s;
    }

    @Test
    void aRestartedRendezvousKeepsNameOwnership() throws Exception {
        Identity alice = Identity.generate();
        RendezvousServer first = rendezvous(redis.freshStore(), Duration.ofSeconds(5));
        RawClient.login(first.port(), "alice", alice).close();
        first.close();

        RendezvousServer restarted = rendezvous(redis.store(), Duration.ofSeconds(5));
        assertThatThrownBy(() -> RawClient.login(restarted.port(), "alice", Identity.generate()))
                .isInstanceOf(MessageChannel.RemoteRefusal.class).hasMessageContaining("bound to another key");
        try (RawClient back = RawClient.login(restarted.port(), "alice", alice)) {
            back.ping();
        }
    }

    @Test
    void redisDownRefusesLoginsWithAReasonAndRedisBackServesThemAgain() throws Exception {
        RendezvousServer server = rendezvous(redis.freshStore(), Duration.ofSeconds(5));
        Identity alice = Identity.generate();
        redis.redis.stop();
        try {
            for (int attempt = 0; attempt < 3; attempt++) {
                assertThatThrownBy(() -> RawClient.login(server.port(), "alice", alice))
                        .isInstanceOf(MessageChannel.RemoteRefusal.class).hasMessageContaining("store is unavailable");
            }
        } finally {
            redis.redis.restart();
        }
        try (RawClient c = RawClient.login(server.port(), "alice", alice)) {
            c.ping();
            assertThat(server.presence().names()).containsExactly("alice");
        }
    }

    @Test
    void aSessionWhoseStoreFailsIsEndedWithAReason() throws Exception {
        RendezvousServer server = rendezvous(redis.freshStore(), Duration.ofSeconds(5));
        try (RawClient c = RawClient.login(server.port(), "alice", Identity.generate())) {
            redis.redis.stop();
            try {
                assertThatThrownBy(c::ping).isInstanceOf(MessageChannel.RemoteRefusal.class)
                        .hasMessageContaining("lost its store");
            } finally {
                redis.redis.restart();
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.openConnections() == 0);
    }

    @Test
    void pingsKeepPresenceAliveAndSilenceLetsItExpire() throws Exception {
        Duration ping = Duration.ofMillis(300); // presence TTL 1.1 s
        RendezvousServer server = rendezvous(redis.freshStore(), ping);
        try (RawClient c = RawClient.login(server.port(), "alice", Identity.generate())) {
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            await().atMost(Duration.ofSeconds(10)).pollInterval(ping).until(() -> {
                assertThat(server.presence().get("alice")).isPresent();
                c.ping();
                return System.nanoTime() > until;
            });
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.presence().names().isEmpty());
    }

    @Test
    void aLoginOnAnotherRendezvousEndsTheOlderSessionAtItsNextPing() throws Exception {
        Identity alice = Identity.generate();
        RendezvousServer one = rendezvous(redis.freshStore(), Duration.ofSeconds(5));
        RendezvousServer two = rendezvous(redis.store(), Duration.ofSeconds(5));
        try (RawClient old = RawClient.login(one.port(), "alice", alice);
                RawClient now = RawClient.login(two.port(), "alice", alice)) {
            assertThatThrownBy(old::ping).isInstanceOf(MessageChannel.RemoteRefusal.class)
                    .hasMessageContaining("logged in again elsewhere");
            now.ping();
            assertThat(two.presence().names()).containsExactly("alice");
        }
    }
}
