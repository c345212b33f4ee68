package connectivity.torrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import connectivity.torrent.peer.AllowedFast;
import connectivity.torrent.peer.Bitfields;
import connectivity.torrent.peer.Message;
import connectivity.torrent.peer.PeerProtocolException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One peer's session fed scripted messages, its answers read from a recording connection: no sockets. */
@Timeout(20)
class PeerSessionTest {
    private final TestTorrent t = TestTorrent.single(21, 32 * 1024, 4 * 32 * 1024);
    private SwarmParts parts;

    @AfterEach
    void close() {
        if (parts != null) parts.close();
    }

    private Message.Bitfield everything(TestTorrent torrent) {
        return new Message.Bitfield(Bitfields.toWire(SwarmParts.all(torrent), torrent.layout.pieceCount()));
    }

    private ByteBuffer blockOf(TestTorrent torrent, Message.Request r) {
        int at = r.piece() * torrent.layout.pieceLength() + r.begin();
        return ByteBuffer.wrap(Arrays.copyOfRange(torrent.content, at, at + r.length()));
    }

    @Test
    void aPeerWithPiecesWeLackHearsInterestAndOnceItUnchokesUsGetsRequestsForEveryBlock() throws IOException {
        parts = new SwarmParts(t, TestTorrent.config(), SwarmParts.none());
        SwarmParts.Peer p = parts.admit(false);
        assertThat(p.wire().drain()).isEmpty(); // we have nothing, and it does not speak BEP 6: no bitfield
        p.session().onMessage(everything(t));
        assertThat(p.wire().drain()).containsExactly(Message.INTERESTED);
        p.session().onMessage(Message.UNCHOKE);
        List<Message.Request> requests = p.wire().drain(Message.Request.class);
        assertThat(requests).hasSize(8).doesNotHaveDuplicates();
        assertThat(requests).allMatch(r -> r.length() == 16 * 1024);
    }

    @Test
    void theRequestQueueGrowsByOneForEachBlockUntilTheFirstTickMeasuresTheRateThenFollowsTheRate() throws IOException {
        TestTorrent big = TestTorrent.single(25, 16 * 1024, 256 * 16 * 1024);
        parts = new SwarmParts(big, TestTorrent.config().toBuilder().initialQueue(4).maxQueue(64).build(), SwarmParts.none());
        SwarmParts.Peer p = parts.admit(false);
        Ticker ticker = new Ticker(parts.st, parts.choking);
        p.session().onMessage(everything(big));
        p.session().onMessage(Message.UNCHOKE);
        int delivered = 0;
        for (int round = 0; round < 3; round++) {
            List<Message.Request> requests = p.wire().drain(Message.Request.class);
            assertThat(requests).isNotEmpty();
            for (Message.Request r : requests) p.session().onBlock(r.piece(), r.begin(), blockOf(big, r));
            delivered += requests.size();
            assertThat(depth(p)).isEqualTo(Math.min(64, 4 + delivered)); // slow start: doubles each round trip
        }
        parts.clock.advance(Duration.ofSeconds(1));
        ticker.tick(parts.clock.getAsLong(), 1);
        int measured = depth(p); // from here the rate decides (a second's worth, at least 16)
        assertThat(measured).isBetween(16, 64);
        for (Message.Request r : p.wire().drain(Message.Request.class)) p.session().onBlock(r.piece(), r.begin(), blockOf(big, r));
        assertThat(depth(p)).isEqualTo(measured);
    }

    private int depth(SwarmParts.Peer p) {
        synchronized (parts.st.lock) {
            return p.session().state().queueDepth();
        }
    }

    @Test
    void receivedBlocksGoThroughTheDiskToCompletionAndEveryOtherPeerHearsHave() throws Exception {
        parts = new SwarmParts(t, TestTorrent.config(), SwarmParts.none());
        SwarmParts.Peer seed = parts.admit(false), other = parts.admit(false);
        seed.session().onMessage(everything(t));
        seed.session().onMessage(Message.UNCHOKE);
        List<Message.Request> requests = seed.wire().drain(Message.Request.class);
        for (Message.Request r : requests) seed.session().onBlock(r.piece(), r.begin(), blockOf(t, r));
        seed.session().endOfRun();
        await().atMost(Duration.ofSeconds(10)).until(parts.completion::isComplete);
        assertThat(other.wire().drain(Message.Have.class)).extracting(Message.Have::piece).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(parts.completions).isEqualTo(1);
        assertThat(parts.events).contains("verified 0 from " + seed.session().name());
        assertThat(seed.wire().closed()).isTrue(); // a seed has nothing more for us once we are complete
        assertThat(other.wire().closed()).isFalse();
        synchronized (parts.st.lock) {
            assertThat(parts.st.have().cardinality()).isEqualTo(4);
            assertThat(parts.completion.bytesDone()).isEqualTo(t.content.length);
        }
    }

    @Test
    void aBlockNeverRequestedAndAHaveOutOfRangeAreProtocolErrors() {
        parts = new SwarmParts(t, TestTorrent.config(), SwarmParts.none());
        SwarmParts.Peer p = parts.admit(false);
        assertThatThrownBy(() -> p.session().onBlock(1, 0, ByteBuffer.allocate(16 * 1024)))
                .isInstanceOf(PeerProtocolException.class).hasMessageContaining("unrequested");
        assertThatThrownBy(() -> p.session().onMessage(new Message.Have(4))).isInstanceOf(PeerProtocolException.class);
        assertThatThrownBy(() -> p.session().onMessage(Message.HAVE_ALL)).isInstanceOf(PeerProtocolException.class)
                .hasMessageContaining("fast");
    }

    @Test
    void requestsAreServedOnlyWhileUnchokedOrForAllowedFastPiecesAndACancelDropsTheUpload() throws IOException {
        TestTorrent big = TestTorrent.single(22, 16 * 1024, 64 * 16 * 1024);
        parts = new SwarmParts(big, TestTorrent.config(), SwarmParts.all(big));
        SwarmParts.Peer p = parts.admit(true);
        List<Object> opening = p.wire().drain();
        assertThat(opening.get(0)).isEqualTo(Message.HAVE_ALL);
        List<Integer> allowed = AllowedFast.set(InetAddress.getByName("127.0.0.2"), big.infoHash, 64, AllowedFast.SET_SIZE);
        assertThat(opening.stream().filter(o -> o instanceof Message.AllowedFast).map(o -> ((Message.AllowedFast) o).piece()))
                .containsExactlyElementsOf(allowed);
        int other = 0;
        while (allowed.contains(other)) other++;

        p.session().onMessage(new Message.Request(allowed.get(0), 0, 16 * 1024));
        p.session().onMessage(new Message.Request(other, 0, 16 * 1024));
        assertThat(p.wire().drain()).containsExactly(new RecordingConnection.Upload(allowed.get(0), 0, 16 * 1024),
                new Message.Reject(other, 0, 16 * 1024));

        p.session().onMessage(Message.INTERESTED); // a slot is free: unchoked at once
        p.session().onMessage(new Message.Request(other, 0, 16 * 1024));
        assertThat(p.wire().drain()).containsExactly(Message.UNCHOKE, new RecordingConnection.Upload(other, 0, 16 * 1024));
        p.session().onMessage(new Message.Cancel(other, 0, 16 * 1024));
        assertThat(p.session().uploads().takeUpload(other, 0)).isFalse();
        assertThat(p.session().uploads().takeUpload(allowed.get(0), 0)).isTrue();
    }

    @Test
    void aPeerSilentPastTheIdleTimeoutIsClosedByTheTick() {
        parts = new SwarmParts(t, TestTorrent.config().withIdleTimeout(Duration.ofSeconds(30)), SwarmParts.none());
        SwarmParts.Peer quiet = parts.admit(false), chatty = parts.admit(false);
        Ticker ticker = new Ticker(parts.st, parts.choking);
        parts.clock.advance(Duration.ofSeconds(20));
        chatty.wire().heard();
        ticker.tick(parts.clock.getAsLong(), 1);
        assertThat(quiet.wire().closed()).isFalse();
        parts.clock.advance(Duration.ofSeconds(11));
        ticker.tick(parts.clock.getAsLong(), 1);
        assertThat(quiet.wire().closed()).isTrue();
        assertThat(chatty.wire().closed()).isFalse();
    }

    @Test
    void aPeerThatChokesUsAndSitsOnOurRequestsLosesThemAfterTheSnubTimeout() throws IOException {
        parts = new SwarmParts(t, TestTorrent.config().withSnubTimeout(Duration.ofSeconds(5)), SwarmParts.none());
        SwarmParts.Peer slow = parts.admit(true);
        Ticker ticker = new Ticker(parts.st, parts.choking);
        slow.session().onMessage(Message.HAVE_ALL);
        slow.session().onMessage(Message.UNCHOKE);
        assertThat(slow.wire().drain(Message.Request.class)).hasSize(8);
        slow.session().onMessage(Message.CHOKE); // BEP 6: it should reject what it drops; it does not
        parts.clock.advance(Duration.ofSeconds(4));
        slow.wire().heard(); // keep-alives: not idle, but no data
        ticker.tick(parts.clock.getAsLong(), 1);
        synchronized (parts.st.lock) {
            assertThat(slow.session().state().outstandingCount()).isEqualTo(8);
            assertThat(parts.st.picker().inEndgame()).isTrue(); // every block is asked of someone
        }
        parts.clock.advance(Duration.ofSeconds(2));
        slow.wire().heard();
        ticker.tick(parts.clock.getAsLong(), 1);
        synchronized (parts.st.lock) {
            assertThat(slow.session().state().outstandingCount()).isZero();
            assertThat(parts.st.picker().inEndgame()).isFalse();
        }
        SwarmParts.Peer other = parts.admit(false);
        other.session().onMessage(everything(t));
        other.session().onMessage(Message.UNCHOKE);
        assertThat(other.wire().drain(Message.Request.class)).hasSize(8);
    }

    @Test
    void aPieceRefetchedFromOnePeerAfterABadHashGoesToAnotherWhenThatPeerChokesUs() throws Exception {
        parts = new SwarmParts(t, TestTorrent.config(), SwarmParts.none());
        parts.badPieces.add(0);
        SwarmParts.Peer first = parts.admit(false);
        first.session().onMessage(everything(t));
        first.session().onMessage(Message.UNCHOKE);
        for (Message.Request r : first.wire().drain(Message.Request.class)) {
            first.session().onBlock(r.piece(), r.begin(), blockOf(t, r));
        }
        first.session().endOfRun();
        await().atMost(Duration.ofSeconds(3)).alias("events " + parts.events).until(() -> parts.events.stream().anyMatch(e -> e.startsWith("failed 0"))
                && parts.events.stream().filter(e -> e.startsWith("verified")).count() == 3);
        first.session().fill(); // it takes the refetch of piece 0, which is now reserved for it
        assertThat(first.wire().drain(Message.Request.class)).extracting(Message.Request::piece).containsOnly(0).hasSize(2);
        // Without the fast extension a choke drops our requests; a peer that keeps us choked must not hold piece 0.
        first.session().onMessage(Message.CHOKE);
        SwarmParts.Peer second = parts.admit(false);
        second.session().onMessage(everything(t));
        second.session().onMessage(Message.UNCHOKE);
        assertThat(second.wire().drain(Message.Request.class)).extracting(Message.Request::piece).containsOnly(0).hasSize(2);
    }

    @Test
    void aPeerThatAsksForMoreThanItsRequestQueueWhileNotReadingIsDropped() throws IOException {
        TestTorrent big = TestTorrent.single(23, 16 * 1024, 64 * 16 * 1024);
        parts = new SwarmParts(big, TestTorrent.config().withMaxPeerRequests(500), SwarmParts.all(big));
        SwarmParts.Peer p = parts.admit(true);
        p.wire().drain();
        List<Integer> allowed = AllowedFast.set(InetAddress.getByName("127.0.0.2"), big.infoHash, 64, AllowedFast.SET_SIZE);
        int notAllowed = 0;
        while (allowed.contains(notAllowed)) notAllowed++;
        int choked = notAllowed;
        // Choked, so each request is answered with a reject; the connection never drains, as when the peer does not read.
        for (int i = 0; i < 500; i++) p.session().onMessage(new Message.Request(choked, 0, 16 * 1024));
        assertThat(p.wire().answersQueued()).isEqualTo(500);
        assertThatThrownBy(() -> p.session().onMessage(new Message.Request(choked, 0, 16 * 1024)))
                .isInstanceOf(PeerProtocolException.class).hasMessageContaining("500");
        assertThat(p.wire().answersQueued()).isEqualTo(500);
    }

    @Test
    void ourExtensionHandshakeAdvertisesTheRequestQueueWeAllow() throws IOException {
        parts = new SwarmParts(t, TestTorrent.config().withMaxPeerRequests(321), SwarmParts.all(t));
        byte[] reserved = new byte[8];
        reserved[5] |= 0x10;
        SwarmParts.Peer p = parts.admit(false, reserved);
        Message.Extended ours = p.wire().drain(Message.Extended.class).get(0);
        assertThat(connectivity.torrent.peer.ExtensionHandshake.decode(ours.payload()).requestQueue()).hasValue(321);
    }
}
