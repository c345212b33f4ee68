package connectivity.torrent.swarm;

import connectivity.torrent.storage.PieceStore;
import connectivity.torrent.storage.TorrentLayout;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Random content cut into files and pieces, written under a seed folder; plus a tiny in-test peer directory. */
final class TestTorrent {
    final TorrentLayout layout;
    final byte[] content;
    final byte[] infoHash = new byte[20];

    TestTorrent(long seed, int pieceLength, List<String> names, long... lengths) {
        Random r = new Random(seed);
        long total = Arrays.stream(lengths).sum();
        content = new byte[Math.toIntExact(total)];
        r.nextBytes(content);
        r.nextBytes(infoHash);
        List<TorrentLayout.FileSpan> files = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < lengths.length; i++) {
            files.add(new TorrentLayout.FileSpan(List.of("t", names.get(i)), lengths[i], offset));
            offset += lengths[i];
        }
        List<byte[]> hashes = new ArrayList<>();
        for (long at = 0; at < total; at += pieceLength) {
            hashes.add(PieceStore.sha1(Arrays.copyOfRange(content, (int) at, (int) Math.min(total, at + pieceLength))));
        }
        layout = new TorrentLayout.Simple(pieceLength, total, files, hashes);
    }

    static TestTorrent single(long seed, int pieceLength, long length) {
        return new TestTorrent(seed, pieceLength, List.of("data.bin"), length);
    }

    void writeTo(Path dir) throws IOException {
        for (TorrentLayout.FileSpan f : layout.files()) {
            Path p = PieceStore.resolve(dir, f);
            Files.createDirectories(p.getParent());
            Files.write(p, Arrays.copyOfRange(content, (int) f.offset(), (int) (f.offset() + f.length())));
        }
    }

    /** The files under {@code dir} joined in torrent order, to compare with {@link #content}. */
    byte[] readFrom(Path dir) throws IOException {
        byte[] all = new byte[content.length];
        for (TorrentLayout.FileSpan f : layout.files()) {
            byte[] b = Files.readAllBytes(PieceStore.resolve(dir, f));
            System.arraycopy(b, 0, all, (int) f.offset(), b.length);
        }
        return all;
    }

    /** A tracker in a few lines: every swarm that announces is listed to the others. */
    static final class Directory {
        final Set<InetSocketAddress> peers = ConcurrentHashMap.newKeySet();

        PeerSource source() {
            return (event, stats) -> {
                InetSocketAddress me = new InetSocketAddress("127.0.0.1", stats.port());
                if (event == PeerSource.Event.STOPPED) peers.remove(me);
                else peers.add(me);
                return new PeerSource.Response(Duration.ofSeconds(2), List.copyOf(peers));
            };
        }
    }

    static SwarmConfig config() {
        return SwarmConfig.defaults().withBind("127.0.0.1", 0).withChoking(4, Duration.ofMillis(500), Duration.ofMillis(1500))
                .withSnubTimeout(Duration.ofSeconds(5));
    }
}
