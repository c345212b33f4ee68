package connectivity.call.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import connectivity.call.store.CuttableProxy;
import connectivity.call.store.RedisFixture;
import connectivity.call.store.RedisStore;
import connectivity.call.store.StoreUnavailableException;
import connectivity.call.wire.RendezvousMessage.CallFailed;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Protocol;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bus between instances: signals arrive; a reader cut off from Redis, or behind a restarted Redis, catches up on
 * what was published meanwhile; stale signals are skipped; the stream stays bounded.
 */
@Timeout(60)
class RedisSignalBusTest {
    @RegisterExtension
    static final RedisFixture redis = new RedisFixture();

    static Signal signal(int i) {
        return new Signal.Deliver("bob", new CallFailed("c" + i, "alice went offline"));
    }

    @Test
    void aSignalPublishedByOneInstanceReachesTheOther() throws Exception {
        BlockingQueue<Signal> heard = new LinkedBlockingQueue<>();
        try (RedisSignalBus one = new RedisSignalBus(redis.store(), "t1:"); RedisSignalBus two = new RedisSignalBus(redis.store(), "t1:")) {
            one.subscribe(s -> { });
            two.subscribe(heard::add);
            one.publish(signal(1));
            assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo(signal(1));
        }
    }

    @Test
    void signalsPublishedWhileTheReaderIsCutOffArriveWhenItIsBack() throws Exception {
        BlockingQueue<Signal> heard = new LinkedBlockingQueue<>();
        try (CuttableProxy link = new CuttableProxy(new InetSocketAddress("127.0.0.1", redis.redis.port()));
                RedisStore proxied = link.store();
                RedisSignalBus reader = new RedisSignalBus(proxied, "t2:");
                RedisSignalBus talker = new RedisSignalBus(redis.store(), "t2:")) {
            reader.subscribe(heard::add);
            talker.publish(signal(0));
            assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo(signal(0));
            link.cut(); // the reader's connection is gone, and it cannot come back until restored
            for (int i = 1; i <= 20; i++) talker.publish(signal(i));
            link.restore();
            List<Signal> caughtUp = new ArrayList<>();
            for (int i = 1; i <= 20; i++) caughtUp.add(heard.poll(10, TimeUnit.SECONDS));
            assertThat(caughtUp).containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 20)
                    .mapToObj(RedisSignalBusTest::signal).toList());
            assertThat(heard.poll(300, TimeUnit.MILLISECONDS)).isNull(); // each once
        }
    }

    @Test
    void aReaderBehindARestartedRedisGetsWhatWasPublishedBeforeItReconnected() throws Exception {
        BlockingQueue<Signal> heard = new LinkedBlockingQueue<>();
        try (RedisSignalBus reader = new RedisSignalBus(redis.store(), "t3:"); RedisSignalBus talker = new RedisSignalBus(redis.store(), "t3:")) {
            reader.subscribe(heard::add);
            for (int i = 0; i < 5; i++) talker.publish(signal(i)); // the stream's ids now run ahead of the new Redis's first
            for (int i = 0; i < 5; i++) assertThat(heard.poll(5, TimeUnit.SECONDS)).isNotNull();
            redis.redis.restart(); // empty: the stream starts over
            await().atMost(Duration.ofSeconds(10)).ignoreException(StoreUnavailableException.class).until(() -> {
                talker.publish(signal(99));
                return true;
            });
            assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo(signal(99));
        }
    }

    @Test
    void signalsOlderThanTheMaximumAgeAreSkipped() throws Exception {
        BlockingQueue<Signal> heard = new LinkedBlockingQueue<>();
        RedisStore direct = redis.freshStore();
        try (RedisSignalBus reader = new RedisSignalBus(redis.store(), "t4:", Duration.ofMillis(300), Duration.ofSeconds(30));
                RedisSignalBus talker = new RedisSignalBus(redis.store(), "t4:")) {
            reader.subscribe(heard::add); // an empty stream: it reads from the start
            long old = Long.parseLong(direct.run(j -> j.time()).get(0)) * 1000 - 60_000;
            byte[] id = (old + "-0").getBytes(StandardCharsets.US_ASCII);
            direct.run(j -> j.sendCommand(Protocol.Command.XADD, "t4:signals".getBytes(StandardCharsets.US_ASCII),
                    id, new byte[] {'s'}, Signal.encode(signal(1))));
            talker.publish(signal(2));
            assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo(signal(2));
            assertThat(reader.staleSkipped()).isEqualTo(1);
        }
    }

    @Test
    void theStreamIsCutToItsLengthAndExpires() {
        RedisStore store = redis.freshStore();
        try (RedisSignalBus talker = new RedisSignalBus(store, "t5:")) {
            for (int i = 0; i < RedisSignalBus.MAX_LENGTH + 500; i++) talker.publish(signal(i));
            long length = store.run(j -> j.xlen("t5:signals"));
            assertThat(length).isBetween((long) RedisSignalBus.MAX_LENGTH, RedisSignalBus.MAX_LENGTH + 200L); // ~: whole nodes
            long ttl = store.run(j -> j.pttl("t5:signals"));
            assertThat(ttl).isBetween(1L, RedisSignalBus.KEY_TTL.toMillis());
        }
    }

    @Test
    void aReaderThatStopsHearingFromRedisReconnectsAndHearsAgain() throws Exception {
        BlockingQueue<Signal> heard = new LinkedBlockingQueue<>();
        try (RedisSignalBus listener = new RedisSignalBus(redis.store(), "t6:", Duration.ofMillis(300), Duration.ofSeconds(30));
                RedisSignalBus talker = new RedisSignalBus(redis.store(), "t6:")) {
            listener.subscribe(heard::add);
            // Redis holds every client's commands for 3 s, past the reader's 2 s socket timeout, as a dead link would.
            redis.store().run(j -> j.clientPause(3000));
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.silentReconnects() > 0);
            await().atMost(Duration.ofSeconds(10)).ignoreException(StoreUnavailableException.class).until(() -> {
                talker.publish(signal(7));
                return true;
            });
            assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo(signal(7));
        }
    }
}
