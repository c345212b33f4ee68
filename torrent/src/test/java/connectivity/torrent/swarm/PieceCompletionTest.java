package connectivity.torrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import connectivity.torrent.peer.Message;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Pieces checked, failed, refetched; the peer that alone sent bad ones banned. No sockets, no files. */
@Timeout(20)
class PieceCompletionTest {
    /** One piece of two blocks: whoever delivers it delivers all of it. */
    private final TestTorrent t = TestTorrent.single(31, 32 * 1024, 32 * 1024);
    private SwarmParts parts;

    @AfterEach
    void close() {
        if (parts != null) parts.close();
    }

    private static void deliver(SwarmParts.Peer p, List<Message.Request> requests) throws IOException {
        for (Message.Request r : requests) p.session().onBlock(r.piece(), r.begin(), ByteBuffer.allocate(r.length()));
        p.session().endOfRun();
    }

    private long failures() {
        return parts.events.stream().filter(e -> e.startsWith("failed")).count();
    }

    @Test
    void aPeerThatAloneSendsABadPieceTwiceIsBannedAndThePieceIsWantedAgain() throws Exception {
        parts = new SwarmParts(t, TestTorrent.config(), SwarmParts.none());
        parts.badPieces.add(0);
        SwarmParts.Peer liar = parts.admit(false);
        liar.session().onMessage(new Message.Bitfield(new byte[] {(byte) 0x80}));
        liar.session().onMessage(Message.UNCHOKE);
        deliver(liar, liar.wire().drain(Message.Request.class));
        await().atMost(Duration.ofSeconds(10)).until(() -> failures() == 1);
        assertThat(parts.events).contains("failed 0 from " + liar.session().name());
        assertThat(liar.wire().closed()).isFalse(); // one strike (the default takes two)
        assertThat(parts.completion.banned()).isEmpty();

        liar.session().fill(); // the piece is wanted again, from scratch
        List<Message.Request> again = liar.wire().drain(Message.Request.class);
        assertThat(again).hasSize(2);
        deliver(liar, again);
        await().atMost(Duration.ofSeconds(10)).until(() -> failures() == 2);
        await().atMost(Duration.ofSeconds(5)).until(liar.wire()::closed);
        assertThat(parts.completion.banned()).containsExactly(liar.session().identity().banKey());
        assertThat(parts.completion.isBanned(liar.session().identity())).isTrue();
        assertThat(parts.events).contains("banned " + liar.session().name());
        assertThat(parts.completion.isComplete()).isFalse();
    }

    @Test
    void aBadPieceFromTwoPeersBansNeitherAndIsRefetchedFromOneOnly() throws Exception {
        parts = new SwarmParts(t, TestTorrent.config(), SwarmParts.none());
        parts.badPieces.add(0);
        SwarmParts.Peer a = parts.admit(false), b = parts.admit(false);
        for (SwarmParts.Peer p : List.of(a, b)) {
            p.session().onMessage(new Message.Bitfield(new byte[] {(byte) 0x80}));
            p.session().onMessage(Message.UNCHOKE);
        }
        List<Message.Request> fromA = a.wire().drain(Message.Request.class);
        List<Message.Request> fromB = b.wire().drain(Message.Request.class); // endgame: the same blocks asked again
        assertThat(fromA).hasSize(2);
        assertThat(fromB).containsExactlyInAnyOrderElementsOf(fromA);
        deliver(a, List.of(fromA.get(0)));
        deliver(b, List.of(fromB.stream().filter(r -> !r.equals(fromA.get(0))).findFirst().orElseThrow()));
        await().atMost(Duration.ofSeconds(10)).until(() -> failures() == 1);
        assertThat(parts.events).contains("failed 0 from 2 peers");
        assertThat(parts.completion.banned()).isEmpty();

        a.session().fill();
        b.session().fill();
        assertThat(a.wire().drain(Message.Request.class)).hasSize(2);
        assertThat(b.wire().drain(Message.Request.class)).isEmpty(); // the next failure will have one culprit
    }

    @Test
    void aGoodPieceIsHadAndAnnouncedToEveryPeer() throws Exception {
        parts = new SwarmParts(t, TestTorrent.config(), SwarmParts.none());
        SwarmParts.Peer seed = parts.admit(false), leech = parts.admit(false);
        seed.session().onMessage(new Message.Bitfield(new byte[] {(byte) 0x80}));
        seed.session().onMessage(Message.UNCHOKE);
        deliver(seed, seed.wire().drain(Message.Request.class));
        await().atMost(Duration.ofSeconds(10)).until(parts.completion::isComplete);
        assertThat(leech.wire().drain(Message.Have.class)).containsExactly(new Message.Have(0));
        assertThat(parts.completions).isEqualTo(1);
        assertThat(parts.events).containsExactly("verified 0 from " + seed.session().name());
    }
}
