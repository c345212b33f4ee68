package connectivity.cli.demo;

import connectivity.torrent.magnet.MagnetException;
import connectivity.torrent.magnet.MagnetLink;
import connectivity.torrent.magnet.MetadataFetch;
import connectivity.torrent.magnet.MetadataFiles;
import connectivity.torrent.magnet.PeerHint;
import connectivity.torrent.meta.Metainfo;
import connectivity.torrent.meta.TorrentCreator;
import connectivity.torrent.storage.InfoLayout;
import connectivity.torrent.swarm.PeerSource;
import connectivity.torrent.swarm.Swarm;
import connectivity.torrent.swarm.SwarmConfig;
import connectivity.torrent.swarm.SwarmEvents;
import connectivity.torrent.swarm.TrackerPeerSource;
import connectivity.torrent.tracker.InMemorySwarmStore;
import connectivity.torrent.tracker.Tracker;
import connectivity.torrent.tracker.TrackerConfig;
import connectivity.torrent.tracker.TrackerServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A whole swarm on 127.0.0.1 for {@code conn demo}: our tracker, one seeder and two leechers that also
 * trade pieces with each other; then a third leecher that has only a magnet link fetches the metadata (BEP 9)
 * and the data from the seeder. Prints pieces as they arrive and checks the copies at the end.
 */
final class TorrentDemo {
    private TorrentDemo() {}

    /** Runs the demo with {@code size} bytes of random data; returns true if both leechers end with exact copies. */
    static boolean run(PrintStream out, int size) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("conn-torrent-demo");
        try (TrackerServer tracker = TrackerServer.start(
                new Tracker(new InMemorySwarmStore(), TrackerConfig.withInterval(Duration.ofSeconds(5)), Clock.systemUTC()), "127.0.0.1", 0)) {
            out.println("tracker:  " + tracker.announceUrl());
            byte[] content = new byte[size];
            new Random().nextBytes(content);
            Path seedDir = dir.resolve("seeder");
            Files.createDirectories(seedDir);
            Files.write(seedDir.resolve("demo.bin"), content);
            byte[] torrent = TorrentCreator.of(seedDir.resolve("demo.bin")).tracker(tracker.announceUrl()).pieceLength(64 * 1024).build();
            Metainfo m = Metainfo.parse(torrent);
            out.printf("torrent:  demo.bin, %d bytes, %d pieces, info-hash %s%n", size, m.info().pieceCount(), m.infoHash().hex());
            SwarmConfig config = SwarmConfig.defaults().withBind("127.0.0.1", 0)
                    .withUploadLimit(Math.max(256 * 1024, size / 4)); // a slow seeder, so the leechers visibly trade among themselves
            try (Swarm seeder = Swarm.forSeeding(InfoLayout.of(m.info()), m.infoHash().bytes(), seedDir, config,
                            new TrackerPeerSource(m.trackerTiers(), m.infoHash()), SwarmEvents.NONE).start();
                    Swarm alice = leecher(m, dir.resolve("alice"), "alice", out, seederName(seeder));
                    Swarm bob = leecher(m, dir.resolve("bob"), "bob", out, seederName(seeder))) {
                out.println("seeder:   port " + seeder.port() + " (uploads at most " + config.uploadLimit() / 1024 + " KiB/s)");
                out.println("alice:    port " + alice.port() + ", bob: port " + bob.port());
                boolean done = alice.awaitComplete(Duration.ofSeconds(120)) && bob.awaitComplete(Duration.ofSeconds(120));
                boolean exact = done && Arrays.equals(Files.readAllBytes(dir.resolve("alice/demo.bin")), content)
                        && Arrays.equals(Files.readAllBytes(dir.resolve("bob/demo.bin")), content);
                out.println(exact ? "both leechers have a byte-identical copy" : "the demo did not finish correctly");
                return exact && byMagnet(m, seeder, dir.resolve("carol"), content, out);
            }
        } catch (connectivity.torrent.meta.MetainfoException e) {
            throw new IOException(e.getMessage(), e);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Carol has only the magnet link: the info dictionary comes from the seeder first, then the data. */
    private static boolean byMagnet(Metainfo m, Swarm seeder, Path dir, byte[] content, PrintStream out)
            throws IOException, InterruptedException {
        MagnetLink link = new MagnetLink(m.infoHash(), Optional.of("demo.bin"), List.of(),
                List.of(new PeerHint("127.0.0.1", seeder.port())));
        out.println("carol:    has only " + link.toUri());
        byte[] info;
        try {
            info = MetadataFetch.fetch(link.infoHash(), List.of(new InetSocketAddress("127.0.0.1", seeder.port())), Optional.empty(),
                    MetadataFetch.Settings.defaults().withTimeout(Duration.ofSeconds(30)), MetadataFetch.Progress.NONE);
        } catch (MagnetException e) {
            out.println("carol:    " + e.getMessage());
            return false;
        }
        out.printf("carol:    got the metadata from the seeder (%d bytes, SHA-1 matches the info-hash)%n", info.length);
        Metainfo fetched;
        try {
            fetched = Metainfo.parse(MetadataFiles.torrentBytes(info, List.of()));
        } catch (connectivity.torrent.meta.MetainfoException e) {
            throw new IOException(e.getMessage(), e);
        }
        try (Swarm carol = Swarm.forDownload(InfoLayout.of(fetched.info()), fetched.infoHash().bytes(), dir,
                SwarmConfig.defaults().withBind("127.0.0.1", 0), PeerSource.fixed(List.of(), Duration.ofMinutes(30)), SwarmEvents.NONE).start()) {
            carol.connect(List.of(new InetSocketAddress("127.0.0.1", seeder.port())));
            boolean exact = carol.awaitComplete(Duration.ofSeconds(120)) && Arrays.equals(Files.readAllBytes(dir.resolve("demo.bin")), content);
            out.println(exact ? "carol has a byte-identical copy, from a magnet link" : "carol did not finish correctly");
            return exact;
        }
    }

    private static String seederName(Swarm seeder) {
        return connectivity.torrent.peer.PeerId.describe(seeder.peerId());
    }

    private static Swarm leecher(Metainfo m, Path dir, String name, PrintStream out, String seederMark) throws IOException {
        SwarmEvents events = new SwarmEvents() {
            @Override
            public void pieceVerified(int piece, String fromPeer) {
                String from = fromPeer.contains(seederMark) ? "the seeder"
                        : fromPeer.endsWith(" peers") ? fromPeer + " (endgame)" : "the other leecher (" + fromPeer + ")";
                out.printf("%-6s got piece %4d from %s%n", name, piece, from);
            }

            @Override
            public void completed() {
                out.println(name + " is complete and now seeds");
            }
        };
        return Swarm.forDownload(InfoLayout.of(m.info()), m.infoHash().bytes(), dir, SwarmConfig.defaults().withBind("127.0.0.1", 0),
                new TrackerPeerSource(m.trackerTiers(), m.infoHash()), events).start();
    }
}
