package connectivity.torrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.net.testing.RealPeers;
import connectivity.torrent.meta.Metainfo;
import connectivity.torrent.meta.TorrentCreator;
import connectivity.torrent.storage.InfoLayout;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peer exchange with python3-libtorrent 2.0.8, all on 127.0.0.1 and no other peer source: nobody has data, so
 * nobody finishes and every connection stays. libtorrent sends its first PEX message a few seconds after a
 * peer's extension handshake once it has two peers, which is all these tests wait for.
 */
@Timeout(120)
class PexInteropTest {
    @TempDir
    Path tmp;

    private Metainfo meta;
    private final List<Swarm> swarms = new ArrayList<>();
    private Libtorrent lt;

    @BeforeEach
    void setUp() throws Exception {
        Path file = tmp.resolve("payload.bin");
        byte[] content = new byte[1 << 20];
        new Random(11).nextBytes(content);
        Files.write(file, content);
        byte[] torrent = TorrentCreator.of(file).pieceLength(16 * 1024).build();
        Files.write(tmp.resolve("t.torrent"), torrent);
        meta = Metainfo.parse(torrent);
    }

    @AfterEach
    void tearDown() throws Exception {
        swarms.forEach(Swarm::close);
        if (lt != null) lt.close();
    }

    private Swarm ours(String name) throws IOException {
        Swarm s = Swarm.forDownload(InfoLayout.of(meta.info()), meta.infoHash().bytes(), tmp.resolve(name), TestTorrent.config(),
                PeerSource.fixed(List.of(), Duration.ofMinutes(10)), SwarmEvents.NONE).start();
        swarms.add(s);
        return s;
    }

    private static InetSocketAddress local(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    private static boolean connectedTo(Swarm s, int port) {
        return s.peers().stream().anyMatch(p -> p.startsWith("127.0.0.1:" + port + " "));
    }

    @Test
    void weLearnOfALibtorrentPeersOtherPeerFromItsPexAndDialIt() throws Exception {
        // Session 0 has dialled session 1, which ignores PEX: it cannot dial us, so only our dialling connects us.
        lt = Libtorrent.start(tmp, 2, "LINK", "DEAF1");
        int a = lt.ports.get(0), b = lt.ports.get(1);
        Swarm us = ours("us");
        us.connect(List.of(local(a)));
        Awaitility.await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200))
                .until(() -> connectedTo(us, b));
        assertThat(connectedTo(us, a)).isTrue();
        // Session 1 sees two peers come in: session 0, and us.
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> lt.peers(1).stream().filter(p -> (p.source() & Libtorrent.INCOMING) != 0).count() == 2);
    }

    @Test
    void aLibtorrentPeerLearnsOfAPeerOnlyWeKnowAndDialsIt() throws Exception {
        Swarm hidden = ours("hidden"), us = ours("us");
        us.connect(List.of(local(hidden.port())));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> connectedTo(us, hidden.port()));
        lt = Libtorrent.start(tmp, 1);
        us.connect(List.of(local(lt.ports.get(0))));
        Awaitility.await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200))
                .until(() -> lt.peers(0).stream().anyMatch(p -> p.port() == hidden.port() && (p.source() & Libtorrent.PEX) != 0));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> hidden.peerCount() == 2);
    }

    /** libtorrent sessions run by {@code pex_peers.py}: their listen ports, and the peers each reports. */
    static final class Libtorrent implements AutoCloseable {
        static final int PEX = 4, INCOMING = 32;

        record Peer(String host, int port, int source) {}

        final List<Integer> ports;
        private final Process process;
        private final Writer commands;
        private final Map<Integer, List<Peer>> peers = new ConcurrentHashMap<>();
        private final StringBuilder output = new StringBuilder();

        private Libtorrent(Process process, List<Integer> ports) {
            this.process = process;
            this.ports = ports;
            this.commands = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        /** {@code options}: LINK (session 0 dials session 1 first), DEAF1 (session 1 takes no peers from PEX). */
        static Libtorrent start(Path tmp, int count, String... options) throws Exception {
            Path python = python3WithLibtorrent();
            Path script = tmp.resolve("pex_peers.py");
            try (InputStream in = PexInteropTest.class.getResourceAsStream("/interop/pex_peers.py")) {
                Files.copy(in, script);
            }
            List<String> command = new ArrayList<>(List.of(python.toString(), script.toString(), tmp.resolve("t.torrent").toString(),
                    tmp.toString(), Integer.toString(count)));
            command.addAll(List.of(options));
            Process p = new ProcessBuilder(command).redirectError(tmp.resolve("libtorrent.err").toFile()).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            CountDownLatch ready = new CountDownLatch(1);
            List<Integer> ports = new ArrayList<>();
            Libtorrent[] made = new Libtorrent[1];
            Thread.ofVirtual().start(() -> {
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        if (line.startsWith("ports ")) {
                            Arrays.stream(line.substring(6).split(" ")).map(Integer::parseInt).forEach(ports::add);
                            ready.countDown();
                        } else if (line.startsWith("peers ") && made[0] != null) {
                            made[0].parse(line);
                        }
                    }
                } catch (IOException e) {
                    // the process went
                } finally {
                    ready.countDown();
                }
            });
            Libtorrent lt = new Libtorrent(p, ports);
            made[0] = lt;
            if (!ready.await(30, TimeUnit.SECONDS) || ports.size() != count) {
                lt.close();
                throw new AssertionError("libtorrent peers did not start: " + Files.readString(tmp.resolve("libtorrent.err")));
            }
            return lt;
        }

        /** "peers I HOST:PORT:SOURCE ...". */
        private void parse(String line) {
            String[] words = line.split(" ");
            List<Peer> list = new ArrayList<>();
            for (int i = 2; i < words.length; i++) {
                int last = words[i].lastIndexOf(':'), before = words[i].lastIndexOf(':', last - 1);
                list.add(new Peer(words[i].substring(0, before), Integer.parseInt(words[i].substring(before + 1, last)),
                        Integer.parseInt(words[i].substring(last + 1))));
            }
            peers.put(Integer.parseInt(words[1]), list);
        }

        List<Peer> peers(int session) {
            return peers.getOrDefault(session, List.of());
        }

        /** python3 on the PATH, and its libtorrent module; fails under CI=true, skips otherwise. */
        static Path python3WithLibtorrent() throws Exception {
            Path onPath = RealPeers.require("python3");
            Path python = Files.isExecutable(Path.of("/usr/bin/python3")) ? Path.of("/usr/bin/python3") : onPath; // Debian's has the module
            Process check = new ProcessBuilder(python.toString(), "-c", "import libtorrent").redirectErrorStream(true).start();
            check.getInputStream().readAllBytes();
            boolean ok = check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0;
            if (!ok) check.destroyForcibly();
            RealPeers.requireThat(ok, "python3-libtorrent is not installed (import libtorrent failed with " + python + ")");
            return python;
        }

        @Override
        public void close() throws InterruptedException {
            try {
                commands.close(); // the script ends when its input does
            } catch (IOException e) {
                // gone already
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
