package connectivity.call.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import connectivity.call.wire.CallProtocolException;
import connectivity.call.wire.InCallMessage;
import connectivity.call.wire.ProtocolCodec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The call's records across several links, without sockets: switches and fallbacks lose and double nothing. */
@Timeout(60)
class CallChannelTest {
    /** What one side's channel reported. */
    static final class Seen implements CallChannel.Events {
        final List<String> moves = new CopyOnWriteArrayList<>();
        final List<String> spares = new CopyOnWriteArrayList<>();

        @Override
        public void moved(Link from, Link to, boolean upgrade) {
            moves.add(from.path() + "->" + to.path() + (upgrade ? " upgrade" : " fallback"));
        }

        @Override
        public void lostSpare(Link link, IOException why) {
            spares.add(link.path());
        }
    }

    final MemoryLink[] relay = MemoryLink.pair("relay");
    final MemoryLink[] direct = MemoryLink.pair("direct");
    final Seen aSeen = new Seen(), bSeen = new Seen();
    final CallChannel a = new CallChannel(relay[0], aSeen);
    final CallChannel b = new CallChannel(relay[1], bSeen);

    CallChannelTest() {
        a.start();
        b.start();
    }

    /** Sends chat records numbered from..to (inclusive) from {@code from}, on another thread. */
    static CompletableFuture<Void> sendRange(CallChannel from, int first, int last, Runnable atHalf) {
        return CompletableFuture.runAsync(() -> {
            try {
                for (int i = first; i <= last; i++) {
                    from.send(new InCallMessage.Chat(Integer.toString(i), "line " + i), false);
                    if (i == (first + last) / 2) atHalf.run();
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    /** Takes {@code n} records (skipping pings) and returns their item numbers. */
    static List<Integer> take(CallChannel ch, int n) throws IOException {
        List<Integer> items = new ArrayList<>();
        while (items.size() < n) {
            InCallMessage m = ch.receive();
            if (m instanceof InCallMessage.Chat c) items.add(Integer.parseInt(c.item()));
        }
        return items;
    }

    static List<Integer> range(int first, int last) {
        List<Integer> r = new ArrayList<>();
        for (int i = first; i <= last; i++) r.add(i);
        return r;
    }

    void upgradeBoth() {
        try {
            a.add(direct[0], true);
            b.add(direct[1], true);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void aSwitchMidStreamDeliversEveryRecordOnceAndInOrder() throws Exception {
        CompletableFuture<Void> sending = sendRange(a, 1, 2000, this::upgradeBoth);
        assertThat(take(b, 2000)).isEqualTo(range(1, 2000));
        sending.get();
        assertThat(a.path()).isEqualTo("direct");
        assertThat(aSeen.moves).containsExactly("relay->direct upgrade");
        int relayAfter = relay[0].sent.get();
        b.send(new InCallMessage.Chat("1", "back"), false); // the other way, on the new path too
        a.send(new InCallMessage.Chat("2001", "more"), false);
        assertThat(take(b, 1)).containsExactly(2001);
        assertThat(relay[0].sent.get()).as("nothing numbered goes on the relay after the switch").isEqualTo(relayAfter);
        assertThat(take(a, 1)).containsExactly(1);
        assertThat(b.path()).isEqualTo("direct");
    }

    @Test
    void theDirectPathGoingSilentFallsBackToTheRelayWithNothingLost() throws Exception {
        a.readTimeout(Duration.ofMillis(300));
        b.readTimeout(Duration.ofMillis(300));
        Thread pinger = keepAlive(); // what KeepAlive does in a call: the relay stays alive, the cut path goes silent
        upgradeBoth();
        CompletableFuture<Void> sending = sendRange(a, 1, 1500, () -> direct[0].cut());
        assertThat(take(b, 1500)).isEqualTo(range(1, 1500));
        sending.get();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.path().equals("relay") && b.path().equals("relay"));
        assertThat(aSeen.moves).containsExactly("relay->direct upgrade", "direct->relay fallback");
        assertThat(bSeen.moves).containsExactly("relay->direct upgrade", "direct->relay fallback");
        a.send(new InCallMessage.Chat("1501", "still here"), false);
        assertThat(take(b, 1)).containsExactly(1501);
        pinger.interrupt();
    }

    Thread keepAlive() {
        return Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                a.ping(new InCallMessage.Ping(50));
                b.ping(new InCallMessage.Ping(50));
                try {
                    Thread.sleep(50); // a timer, as KeepAlive's, not synchronisation
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    @Test
    void theRelayGoingAwayAfterTheSwitchChangesNothing() throws Exception {
        upgradeBoth();
        sendRange(a, 1, 100, () -> { }).get();
        assertThat(take(b, 100)).isEqualTo(range(1, 100));
        relay[0].close();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.links() == 1 && b.links() == 1);
        assertThat(aSeen.spares).containsExactly("relay");
        assertThat(bSeen.spares).containsExactly("relay");
        CompletableFuture<Void> more = sendRange(a, 101, 300, () -> { });
        assertThat(take(b, 200)).isEqualTo(range(101, 300));
        more.get();
        assertThat(a.path()).isEqualTo("direct");
    }

    @Test
    void theLastLinkClosingEndsTheRecordsCleanly() throws Exception {
        a.send(new InCallMessage.Chat("1", "bye soon"), false);
        a.shutdownOutput();
        assertThat(take(b, 1)).containsExactly(1);
        assertThat(b.receive()).isNull();
        assertThat(b.receive()).as("the end stays the answer").isNull();
    }

    @Test
    void aSenderWaitsWhileItsWindowIsFullAndGoesOnWhenTheReceiverTakes() throws Exception {
        for (int i = 1; i <= CallChannel.WINDOW; i++) a.send(new InCallMessage.Chat(Integer.toString(i), "x"), false);
        Thread blocked = Thread.ofVirtual().start(() -> {
            try {
                a.send(new InCallMessage.Chat("overflow", "x"), false);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> blocked.getState() == Thread.State.WAITING);
        a.send(new InCallMessage.Ack("r", "chat", null, true, null), true); // a reply does not wait
        take(b, CallChannel.ACK_EVERY); // b acknowledges
        blocked.join(Duration.ofSeconds(10));
        assertThat(blocked.isAlive()).isFalse();
    }

    @Test
    void aRecordOnANewLinkBeforeItsResumeIsAProtocolError() throws Exception {
        MemoryLink[] rogue = MemoryLink.pair("direct");
        b.add(rogue[1], false);
        rogue[0].send(ProtocolCodec.encode(new InCallMessage.Chat("1", "sneaky")));
        assertThatThrownBy(() -> take(b, 1)).isInstanceOf(CallProtocolException.class).hasMessageContaining("RESUME");
    }

    @Test
    void anAcknowledgementOfRecordsNeverSentIsAProtocolError() throws Exception {
        relay[1].send(ProtocolCodec.encode(new InCallMessage.Got(5)));
        assertThatThrownBy(() -> take(a, 1)).isInstanceOf(CallProtocolException.class).hasMessageContaining("GOT 5");
    }
}
