package connectivity.torrent.magnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import connectivity.torrent.meta.InfoHash;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The metadata phase against scripted peers on 127.0.0.1: honest, lying, flooding. */
@Timeout(60)
class MetadataFetchTest {
    private final byte[] info = new byte[3 * 16 * 1024 + 777];
    private final InfoHash hash;
    private final ConcurrentLinkedQueue<String> dropped = new ConcurrentLinkedQueue<>();
    private final MetadataFetch.Progress progress = new MetadataFetch.Progress() {
        @Override
        public void peerDropped(String peer, String reason) {
            dropped.add(reason);
        }
    };

    MetadataFetchTest() {
        new Random(3).nextBytes(info);
        hash = InfoHash.of(info);
    }

    private byte[] fetch(Duration timeout, InetSocketAddress... peers) throws Exception {
        return MetadataFetch.fetch(hash, List.of(peers), Optional.empty(), MetadataFetch.Settings.defaults().withTimeout(timeout), progress);
    }

    @Test
    void twoHonestPeersShareTheWork() throws Exception {
        try (FakeMetadataPeer a = new FakeMetadataPeer(hash.bytes(), info, info.length, FakeMetadataPeer.Behaviour.HONEST);
                FakeMetadataPeer b = new FakeMetadataPeer(hash.bytes(), info, info.length, FakeMetadataPeer.Behaviour.HONEST)) {
            assertThat(fetch(Duration.ofSeconds(20), a.address(), b.address())).isEqualTo(info);
            assertThat(a.requests.get() + b.requests.get()).isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void aPeerWhoseMetadataDoesNotHashRightIsDroppedAndNotDialledAgain() throws Exception {
        try (FakeMetadataPeer liar = new FakeMetadataPeer(hash.bytes(), info, info.length, FakeMetadataPeer.Behaviour.CORRUPT)) {
            assertThatThrownBy(() -> fetch(Duration.ofSeconds(4), liar.address())).isInstanceOf(MagnetException.class)
                    .hasMessageContaining("no peer sent the metadata within 4 s").hasMessageContaining("does not hash to the info-hash");
            assertThat(liar.connections.get()).isEqualTo(1);
        }
    }

    @Test
    void withALiarAndAnHonestPeerTheHonestOneWins() throws Exception {
        try (FakeMetadataPeer liar = new FakeMetadataPeer(hash.bytes(), info, info.length, FakeMetadataPeer.Behaviour.CORRUPT);
                FakeMetadataPeer honest = new FakeMetadataPeer(hash.bytes(), info, info.length, FakeMetadataPeer.Behaviour.HONEST)) {
            assertThat(fetch(Duration.ofSeconds(30), liar.address(), honest.address())).isEqualTo(info);
        }
    }

    @Test
    void metadataSizeOf2To31IsRefused() throws Exception {
        try (FakeMetadataPeer huge = new FakeMetadataPeer(hash.bytes(), info, 1L << 31, FakeMetadataPeer.Behaviour.HONEST)) {
            assertThatThrownBy(() -> fetch(Duration.ofSeconds(2), huge.address())).isInstanceOf(MagnetException.class)
                    .hasMessageContaining("metadata_size 2147483648 is not a size");
            assertThat(huge.requests.get()).isZero();
        }
    }

    @Test
    void metadataOverTheCapIsRefusedBeforeAnyRequest() throws Exception {
        try (FakeMetadataPeer big = new FakeMetadataPeer(hash.bytes(), info, info.length, FakeMetadataPeer.Behaviour.HONEST)) {
            assertThatThrownBy(() -> MetadataFetch.fetch(hash, List.of(big.address()), Optional.empty(),
                    MetadataFetch.Settings.defaults().withTimeout(Duration.ofSeconds(2)).withMaxSize(16 * 1024), progress))
                    .isInstanceOf(MagnetException.class).hasMessageContaining("over the limit of 16384 bytes");
            assertThat(big.requests.get()).isZero();
        }
    }

    @Test
    void aPieceWithTheWrongTotalSizeDropsThePeer() throws Exception {
        try (FakeMetadataPeer wrong = new FakeMetadataPeer(hash.bytes(), info, info.length, FakeMetadataPeer.Behaviour.WRONG_TOTAL_SIZE)) {
            assertThatThrownBy(() -> fetch(Duration.ofSeconds(2), wrong.address())).isInstanceOf(MagnetException.class)
                    .hasMessageContaining("sent total_size " + (info.length + 1));
        }
    }

    @Test
    void aRejectFloodIsCutOff() throws Exception {
        try (FakeMetadataPeer flood = new FakeMetadataPeer(hash.bytes(), info, info.length, FakeMetadataPeer.Behaviour.REJECT_FLOOD);
                FakeMetadataPeer honest = new FakeMetadataPeer(hash.bytes(), info, info.length, FakeMetadataPeer.Behaviour.HONEST)) {
            assertThatThrownBy(() -> fetch(Duration.ofSeconds(2), flood.address())).isInstanceOf(MagnetException.class)
                    .hasMessageContaining("rejected more than 64 metadata requests");
            assertThat(dropped).allSatisfy(r -> assertThat(r).contains("rejected more than 64 metadata requests"));
            assertThat(fetch(Duration.ofSeconds(30), flood.address(), honest.address())).isEqualTo(info);
        }
    }

    @Test
    void noReachablePeerFailsAtTheDeadlineWithTheReason() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        long start = System.nanoTime();
        assertThatThrownBy(() -> fetch(Duration.ofSeconds(1), new InetSocketAddress("127.0.0.1", port)))
                .isInstanceOf(MagnetException.class).hasMessageContaining("no peer sent the metadata within 1 s")
                .hasMessageContaining("127.0.0.1:" + port);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void withNoPeerAtAllTheMessageSaysHowToGiveOne() {
        assertThatThrownBy(() -> fetch(Duration.ofMillis(300))).isInstanceOf(MagnetException.class).hasMessageContaining("--peer");
    }
}
