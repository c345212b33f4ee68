package connectivity.call.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import connectivity.call.store.RedisFixture;
import connectivity.call.store.StoreUnavailableException;
import connectivity.call.wire.RendezvousMessage.CallFailed;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;

/** The bus between instances: signals arrive, and a subscription that goes silent is replaced. */
@Timeout(60)
class RedisSignalBusTest {
    @RegisterExtension
    static final RedisFixture redis = new RedisFixture();

    @Test
    void aSignalPublishedByOneInstanceReachesTheOther() throws Exception {
        BlockingQueue<Signal> heard = new LinkedBlockingQueue<>();
        try (RedisSignalBus one = new RedisSignalBus(redis.store(), "t1:"); RedisSignalBus two = new RedisSignalBus(redis.store(), "t1:")) {
            one.subscribe(s -> { });
            two.subscribe(heard::add);
            Signal s = new Signal.Deliver("bob", new CallFailed("c1", "alice went offline"));
            one.publish(s);
            assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo(s);
        }
    }

    @Test
    void aSubscriptionThatStopsAnsweringIsReplacedAndHearsAgain() throws Exception {
        BlockingQueue<Signal> heard = new LinkedBlockingQueue<>();
        try (RedisSignalBus listener = new RedisSignalBus(redis.store(), "t2:", Duration.ofMillis(300));
                RedisSignalBus talker = new RedisSignalBus(redis.store(), "t2:")) {
            listener.subscribe(heard::add);
            // Redis holds every client's commands for 1.5 s: the PING goes unanswered, like a dead link would.
            redis.store().run(j -> j.clientPause(1500));
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.silentReconnects() > 0);
            Signal s = new Signal.Forget("bob", "c2");
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                try {
                    talker.publish(s);
                } catch (StoreUnavailableException e) {
                    return false; // still paused
                }
                return heard.poll(200, TimeUnit.MILLISECONDS) != null;
            });
        }
    }
}
