package connectivity.torrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** File choices changed live, many times, while blocks are on the wire from two seeders: nothing is lost or corrupted. */
@Timeout(90)
class SwarmFileChoicesTest {
    @TempDir
    Path tmp;

    private final List<Swarm> swarms = new ArrayList<>();

    @AfterEach
    void closeAll() {
        swarms.forEach(Swarm::close);
    }

    @Test
    void choicesFlippedOnEveryFewPiecesStillEndInTheWholeTorrentIntact() throws Exception {
        // Small pieces of several blocks, files not on piece boundaries: parked pieces, straddling pieces, endgame.
        TestTorrent t = new TestTorrent(7, 64 * 1024, List.of("a", "b", "c", "d"), 700_000, 333_333, 1_100_000, 250_001);
        TestTorrent.Directory dir = new TestTorrent.Directory();
        for (String name : List.of("seed0", "seed1")) {
            t.writeTo(tmp.resolve(name));
            swarms.add(Swarm.forSeeding(t.layout, t.infoHash, tmp.resolve(name), TestTorrent.config(), dir.source(), SwarmEvents.NONE).start());
        }
        Random r = new Random(11);
        AtomicInteger verified = new AtomicInteger(), flips = new AtomicInteger();
        Swarm[] leech = new Swarm[1];
        SwarmEvents events = new SwarmEvents() {
            @Override
            public void pieceVerified(int piece, String from) {
                // Every second piece, on the disk thread (as the daemon's RPC would, from any thread): new choices.
                synchronized (r) {
                    if (verified.incrementAndGet() % 2 != 0 || flips.get() >= 12) return;
                    List<Boolean> wanted = new ArrayList<>();
                    List<Integer> priorities = new ArrayList<>();
                    for (int k = 0; k < 4; k++) {
                        wanted.add(r.nextInt(3) != 0);
                        priorities.add(r.nextInt(3) - 1);
                    }
                    flips.incrementAndGet();
                    leech[0].files(new FileChoices(wanted, priorities));
                }
            }
        };
        leech[0] = Swarm.forDownload(t.layout, t.infoHash, tmp.resolve("leech"), TestTorrent.config(), dir.source(), events);
        swarms.add(leech[0]);
        leech[0].start();
        // Until the flips are over, or the files last chosen are done: then no more flips, and every file wanted.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> flips.get() >= 12 || leech[0].isDone());
        synchronized (r) {
            flips.addAndGet(100);
            leech[0].files(FileChoices.all(4));
        }
        assertThat(leech[0].awaitComplete(Duration.ofSeconds(60))).isTrue();
        assertThat(t.readFrom(tmp.resolve("leech"))).isEqualTo(t.content);
        assertThat(leech[0].isDone()).isTrue();
        assertThat(flips.get() - 100).as("choices changed mid-download").isPositive();
    }
}
