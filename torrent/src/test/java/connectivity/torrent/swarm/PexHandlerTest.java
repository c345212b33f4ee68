package connectivity.torrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import connectivity.torrent.peer.ExtensionHandshake;
import connectivity.torrent.peer.Message;
import connectivity.torrent.peer.PeerProtocolException;
import connectivity.torrent.peer.PexMessage;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ut_pex with scripted peers and a manual clock: what we send, when, and what we take from what peers send. */
class PexHandlerTest {
    private static final int THEIR_PEX_ID = 7;
    private static final InetSocketAddress OURS = new InetSocketAddress("127.0.0.1", 6000);

    private final TestTorrent torrent = TestTorrent.single(1, 16 * 1024, 64 * 1024);
    private final List<List<InetSocketAddress>> learned = new CopyOnWriteArrayList<>();
    private final AtomicBoolean complete = new AtomicBoolean();
    private SwarmParts parts = parts(SwarmParts.none());
    private PexHandler pex = handler();

    private SwarmParts parts(BitSet have) {
        return new SwarmParts(torrent, TestTorrent.config().toBuilder().pexInterval(Duration.ofSeconds(60)).maxPeers(200).build(), have);
    }

    private PexHandler handler() {
        return new PexHandler(parts.st, (source, l) -> learned.add(l), OURS::equals, complete::get);
    }

    @AfterEach
    void close() {
        parts.close();
    }

    private static byte[] extensionsReserved(boolean fast) {
        byte[] r = new byte[8];
        r[5] |= 0x10;
        if (fast) r[7] |= 0x04;
        return r;
    }

    /** A connected peer; if {@code takesPex} its handshake names ut_pex; if {@code port} is given it says it listens there. */
    private SwarmParts.Peer peer(boolean outgoing, boolean takesPex, OptionalInt port) throws Exception {
        SwarmParts.Peer p = parts.admit(extensionsReserved(true), outgoing, new Extensions(List.of(pex)));
        Map<String, Integer> m = takesPex ? Map.of(PexHandler.NAME, THEIR_PEX_ID) : Map.of();
        p.session().onMessage(new Message.Extended(0, new ExtensionHandshake(m, "test", OptionalInt.empty(), port).encode()));
        p.wire().drain();
        return p;
    }

    private SwarmParts.Peer dialled() throws Exception {
        return peer(true, true, OptionalInt.empty());
    }

    /** The PEX messages the peer was sent since last asked. */
    private static List<PexMessage> sent(SwarmParts.Peer p) throws PeerProtocolException {
        List<PexMessage> out = new ArrayList<>();
        for (Message.Extended e : p.wire().drain(Message.Extended.class)) {
            assertThat(e.extendedId()).isEqualTo(THEIR_PEX_ID);
            out.add(PexMessage.decode(e.payload(), 1000));
        }
        return out;
    }

    private static List<InetSocketAddress> addresses(PexMessage m) {
        return m.added().stream().map(PexMessage.Peer::address).toList();
    }

    private void tick() {
        pex.tick(parts.st.now());
    }

    private void later(Duration d) {
        parts.clock.advance(d);
        tick();
    }

    private static byte[] pexOf(InetSocketAddress... added) {
        List<PexMessage.Peer> peers = new ArrayList<>();
        for (InetSocketAddress a : added) peers.add(new PexMessage.Peer(a, 0));
        return new PexMessage(peers, List.of()).encode();
    }

    // ---- sending ----

    @Test
    void tellsEachPeerOfTheOthersThenOnlyWhatChangedAtMostOncePerInterval() throws Exception {
        SwarmParts.Peer a = dialled(), b = dialled(), c = dialled();
        tick();
        List<PexMessage> toA = sent(a);
        assertThat(toA).hasSize(1);
        assertThat(addresses(toA.get(0))).containsExactlyInAnyOrder(b.session().identity().address(), c.session().identity().address());
        assertThat(toA.get(0).added()).allMatch(p -> p.has(PexMessage.CONNECTABLE) && !p.has(PexMessage.SEED));
        assertThat(addresses(sent(b).get(0))).doesNotContain(b.session().identity().address());

        SwarmParts.Peer d = dialled();
        later(Duration.ofSeconds(1));
        later(Duration.ofSeconds(58));
        assertThat(sent(a)).isEmpty(); // a minute has not passed
        synchronized (parts.st.lock) {
            parts.st.remove(b.session());
        }
        later(Duration.ofSeconds(1));
        List<PexMessage> next = sent(a);
        assertThat(next).hasSize(1);
        assertThat(addresses(next.get(0))).containsExactly(d.session().identity().address());
        assertThat(next.get(0).dropped()).containsExactly(b.session().identity().address());
        later(Duration.ofSeconds(60));
        assertThat(sent(a)).as("nothing changed, nothing sent").isEmpty();
        assertThat(sent(d)).last().satisfies(m -> assertThat(m.dropped()).containsExactly(b.session().identity().address()));
    }

    @Test
    void aPeerThatDialledUsCountsOnlyOnceItGaveItsListenPort() throws Exception {
        SwarmParts.Peer a = dialled();
        SwarmParts.Peer silent = peer(false, false, OptionalInt.empty());
        SwarmParts.Peer saying = peer(false, false, OptionalInt.of(7001));
        tick();
        InetSocketAddress listening = new InetSocketAddress(saying.session().identity().address().getAddress(), 7001);
        List<InetSocketAddress> told = addresses(sent(a).get(0));
        assertThat(told).containsExactly(listening);
        assertThat(told).doesNotContain(silent.session().identity().address(), saying.session().identity().address());
        assertThat(sent(silent)).as("its handshake did not name ut_pex").isEmpty();
    }

    @Test
    void sendsAtMostFiftyAddedPerMessageAndTheRestNextTime() throws Exception {
        SwarmParts.Peer a = dialled();
        for (int i = 0; i < 60; i++) parts.admit(extensionsReserved(false), true, Extensions.none());
        tick();
        assertThat(sent(a).get(0).added()).hasSize(50);
        later(Duration.ofSeconds(60));
        assertThat(sent(a).get(0).added()).hasSize(10);
    }

    @Test
    void marksSeeds() throws Exception {
        SwarmParts.Peer a = dialled(), seed = dialled();
        seed.session().onMessage(Message.HAVE_ALL);
        tick();
        assertThat(sent(a).get(0).added()).singleElement().matches(p -> p.has(PexMessage.SEED));
    }

    // ---- receiving ----

    @Test
    void learnsWhatAPeerAddsButNotOurselvesItselfOrNonsense() throws Exception {
        SwarmParts.Peer a = peer(false, true, OptionalInt.of(7100)); // it dialled us, and listens at 7100
        InetSocketAddress itsListener = new InetSocketAddress(a.session().identity().address().getAddress(), 7100);
        InetSocketAddress good = new InetSocketAddress("127.0.0.50", 7000), good6 = new InetSocketAddress("::1", 7000);
        pex.onMessage(a.session(), pexOf(good, OURS, a.session().identity().address(), itsListener, new InetSocketAddress("127.0.0.51", 0),
                new InetSocketAddress("224.0.0.1", 7000), new InetSocketAddress("0.0.0.0", 7000), new InetSocketAddress("255.255.255.255", 7000),
                good, good6));
        assertThat(learned).containsExactly(List.of(good, good6));
    }

    @Test
    void aRemotePeerCannotPointUsAtLocalAddresses() throws Exception {
        SwarmParts.Peer a = dialled();
        InetSocketAddress remote = new InetSocketAddress("203.0.113.5", 6881);
        assertThat(PexHandler.plausible(new InetSocketAddress("127.0.0.1", 22), remote.getAddress())).isFalse();
        assertThat(PexHandler.plausible(new InetSocketAddress("192.168.1.1", 80), remote.getAddress())).isFalse();
        assertThat(PexHandler.plausible(new InetSocketAddress("198.51.100.1", 6881), remote.getAddress())).isTrue();
        assertThat(PexHandler.plausible(new InetSocketAddress("192.168.1.1", 80), a.session().identity().address().getAddress())).isTrue();
    }

    @Test
    void takesAtMostFiftyFromAHugeList() throws Exception {
        SwarmParts.Peer a = dialled();
        InetSocketAddress[] many = new InetSocketAddress[2000];
        for (int i = 0; i < many.length; i++) many[i] = new InetSocketAddress("10.1." + (i / 200) + "." + (i % 200 + 1), 6881);
        pex.onMessage(a.session(), pexOf(many));
        assertThat(learned).singleElement().satisfies(l -> assertThat(l).hasSize(PexHandler.MAX_EACH));
    }

    @Test
    void garbageDropsThePeerThroughItsSessionAndNothingElse() throws Exception {
        SwarmParts.Peer a = dialled();
        assertThatThrownBy(() -> pex.onMessage(a.session(), "not bencode".getBytes())).isInstanceOf(PeerProtocolException.class);
        assertThatThrownBy(() -> pex.onMessage(a.session(), "i42e".getBytes())).isInstanceOf(PeerProtocolException.class);
        // Through the session, as the reader hands it on: our id for ut_pex is 1, the only extension we gave.
        assertThatThrownBy(() -> a.session().onMessage(new Message.Extended(1, new byte[] {'l', 'l'})))
                .isInstanceOf(PeerProtocolException.class);
        parts.clock.advance(Duration.ofSeconds(61)); // past the rate limit, which garbage counts against too
        pex.onMessage(a.session(), "d5:added3:abce".getBytes()); // a partial entry: nothing, and no harm
        assertThat(learned).isEmpty();
    }

    @Test
    void messagesBeyondAFewPerIntervalAreIgnored() throws Exception {
        SwarmParts.Peer a = dialled();
        for (int i = 0; i < 10; i++) {
            pex.onMessage(a.session(), pexOf(new InetSocketAddress("10.2.0." + (i + 1), 6881)));
            parts.clock.advance(Duration.ofSeconds(1));
        }
        assertThat(learned).hasSize(PexHandler.BURST);
        parts.clock.advance(Duration.ofSeconds(60));
        pex.onMessage(a.session(), pexOf(new InetSocketAddress("10.2.1.1", 6881)));
        assertThat(learned).hasSize(PexHandler.BURST + 1);
    }

    @Test
    void aCompleteSwarmIgnoresSeeds() throws Exception {
        SwarmParts.Peer a = dialled();
        complete.set(true);
        InetSocketAddress seed = new InetSocketAddress("10.3.0.1", 6881), leecher = new InetSocketAddress("10.3.0.2", 6881);
        pex.onMessage(a.session(), new PexMessage(List.of(new PexMessage.Peer(seed, PexMessage.SEED), new PexMessage.Peer(leecher, 0)),
                List.of()).encode());
        assertThat(learned).containsExactly(List.of(leecher));
    }

    @Test
    void privateTorrentsHaveNoPex() {
        assertThat(PexHandler.enabledFor(true, SwarmConfig.defaults())).isFalse();
        assertThat(PexHandler.enabledFor(false, SwarmConfig.defaults())).isTrue();
        assertThat(PexHandler.enabledFor(false, SwarmConfig.builder().pex(false).build())).isFalse();
    }
}
