package connectivity.torrent.daemon;

import connectivity.torrent.meta.Metainfo;
import connectivity.torrent.meta.TorrentCreator;
import connectivity.torrent.storage.InfoLayout;
import connectivity.torrent.swarm.PeerSource;
import connectivity.torrent.swarm.Swarm;
import connectivity.torrent.swarm.SwarmConfig;
import connectivity.torrent.swarm.SwarmEvents;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test data, torrents and our own seeders on 127.0.0.1 for the daemon tests; closes what it made. */
public final class TestTorrents implements AutoCloseable {
    public record Made(Path data, byte[] torrent, Metainfo meta) {}

    private final List<Swarm> swarms = new ArrayList<>();

    /** A folder {@code name} (or a single file when {@code sizes} has one entry) of random bytes, and its trackerless torrent. */
    public static Made make(Path root, String name, long seed, int pieceLength, long... sizes) throws IOException {
        Random r = new Random(seed);
        Path src = root.resolve("seed-" + name);
        Path data;
        if (sizes.length == 1) {
            Files.createDirectories(src);
            data = src.resolve(name);
            Files.write(data, bytes(r, sizes[0]));
        } else {
            data = src.resolve(name);
            Files.createDirectories(data);
            for (int k = 0; k < sizes.length; k++) Files.write(data.resolve("part" + k + ".bin"), bytes(r, sizes[k]));
        }
        byte[] torrent = TorrentCreator.of(data).pieceLength(pieceLength).build();
        try {
            return new Made(src, torrent, Metainfo.parse(torrent));
        } catch (connectivity.torrent.meta.MetainfoException e) {
            throw new IOException(e);
        }
    }

    private static byte[] bytes(Random r, long n) {
        byte[] b = new byte[(int) n];
        r.nextBytes(b);
        return b;
    }

    /** A seeder of {@code made} on 127.0.0.1, dialling {@code peer} (the daemon's peer port) and redialling it. */
    public Swarm seed(Made made, long uploadLimit, InetSocketAddress peer) throws IOException {
        SwarmConfig c = SwarmConfig.builder().bind("127.0.0.1", 0).uploadLimit(uploadLimit).pex(false)
                .redial(Duration.ofMillis(200), Duration.ofSeconds(1)).build();
        Swarm s = Swarm.forSeeding(InfoLayout.of(made.meta().info()), made.meta().infoHash().bytes(), made.data(), c,
                PeerSource.fixed(List.of(), Duration.ofMinutes(30)), SwarmEvents.NONE).start();
        swarms.add(s);
        if (peer != null) s.connect(List.of(peer));
        return s;
    }

    @Override
    public void close() {
        for (Swarm s : swarms) s.close();
    }
}
