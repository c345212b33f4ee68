package connectivity.cli.dht;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.cli.Conn;
import connectivity.torrent.dht.DhtConfig;
import connectivity.torrent.dht.DhtNode;
import connectivity.torrent.dht.DhtState;
import connectivity.torrent.meta.InfoHash;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code conn dht} as its own process, {@code conn dht lookup} against it, and the state file across a restart. */
@Timeout(120)
class DhtCommandTest {
    @TempDir
    Path tmp;

    record Run(int exitCode, String out, String err) {}

    static synchronized Run conn(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Conn.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private Process startNode(Path state) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "connectivity.cli.Conn", "dht", "--port", "0",
                "--bind", "127.0.0.1", "--state", state.toString())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    }

    private static String firstLine(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        return CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) if (line.startsWith("dht node")) return line;
                return "(ended without its address)";
            } catch (java.io.IOException e) {
                return "read failed: " + e;
            }
        }).get(30, TimeUnit.SECONDS);
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }

    @Test
    void lookupFindsWhatWasAnnouncedThroughTheNodeAndTheNodeKeepsItsIdAcrossARestart() throws Exception {
        Path state = tmp.resolve("dht.dat");
        Process p = startNode(state);
        try (DhtNode announcer = DhtNode.open(new InetSocketAddress("127.0.0.1", 0), DhtConfig.defaults(), List.of(), Optional.empty())) {
            String line = firstLine(p);
            assertThat(line).matches("dht node on udp 127\\.0\\.0\\.1:\\d+ id [0-9a-f]{40}");
            String address = line.split(" ")[4];
            String id = line.split(" ")[6];
            int port = Integer.parseInt(address.substring(address.indexOf(':') + 1));

            InfoHash hash = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");
            DhtNode joined = DhtNode.open(new InetSocketAddress("127.0.0.1", 0), DhtConfig.defaults(), List.of(new InetSocketAddress("127.0.0.1", port)),
                    Optional.empty());
            try (joined) {
                assertThat(joined.announce(hash, 4321, Duration.ofSeconds(20)).announced()).isGreaterThan(0);
            }

            Run found = conn("dht", "lookup", hash.hex(), "--bootstrap", address, "--bind", "127.0.0.1", "--json", "--timeout", "20");
            assertThat(found.exitCode()).as(found.err()).isZero();
            assertThat(found.out()).startsWith("{\"infoHash\":\"" + hash.hex() + "\",\"peers\":[\"127.0.0.1:4321\"]");

            Run plain = conn("dht", "lookup", hash.hex(), "--bootstrap", address, "--bind", "127.0.0.1");
            assertThat(plain.out()).isEqualTo("127.0.0.1:4321\n");

            Run none = conn("dht", "lookup", "ffffffffffffffffffffffffffffffffffffffff", "--bootstrap", address, "--bind", "127.0.0.1", "--timeout", "5");
            assertThat(none.exitCode()).isEqualTo(1);
            assertThat(none.out()).isEmpty();
            assertThat(none.err().strip()).startsWith("conn: no peers for ffffffffffffffffffffffffffffffffffffffff within 5 s").doesNotContain("\n");

            stop(p);
            assertThat(DhtState.read(state)).hasValueSatisfying(s -> assertThat(s.id().hex()).isEqualTo(id));
            p = startNode(state);
            assertThat(firstLine(p)).endsWith(" id " + id);
        } finally {
            stop(p);
        }
    }

    /**
     * libtorrent (python3-libtorrent) joins the DHT through a {@code conn dht} process and announces a magnet
     * link's info-hash there; {@code conn dht lookup} finds libtorrent's port.
     */
    @Test
    void connDhtLookupFindsALibtorrentPeerThatAnnouncedThroughConnDht() throws Exception {
        connectivity.net.testing.RealPeers.requireThat(libtorrentInstalled(), "python3-libtorrent (/usr/bin/python3 -c 'import libtorrent')");
        String hash = "c0ffee0123456789abcdef0123456789abcdef01";
        String script = String.join("\n",
                "import sys, time, libtorrent as lt",
                "s = lt.session({'listen_interfaces': '127.0.0.1:0', 'enable_lsd': False, 'enable_upnp': False, 'enable_natpmp': False,",
                "    'enable_ip_notifier': False, 'dht_bootstrap_nodes': '', 'enable_dht': True, 'dht_restrict_routing_ips': False,",
                "    'dht_restrict_search_ips': False, 'dht_prefer_verified_node_ids': False, 'dht_announce_interval': 10})",
                "s.add_dht_node(('127.0.0.1', int(sys.argv[1])))",
                "p = lt.parse_magnet_uri('magnet:?xt=urn:btih:" + hash + "')",
                "p.save_path = sys.argv[2]",
                "h = s.add_torrent(p)",
                "end = time.time() + 90",
                "while time.time() < end:",
                "    h.force_dht_announce()",
                "    print('PORT %d' % s.listen_port(), flush=True)",
                "    time.sleep(1)");
        Path py = java.nio.file.Files.writeString(tmp.resolve("announce.py"), script);
        Process node = startNode(tmp.resolve("state.dat"));
        Process lt = null;
        try {
            String address = firstLine(node).split(" ")[4];
            lt = new ProcessBuilder("/usr/bin/python3", py.toString(), address.substring(address.indexOf(':') + 1), tmp.toString())
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("lt.log").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            Path log = tmp.resolve("lt.log");
            java.util.regex.Pattern port = java.util.regex.Pattern.compile("PORT (\\d+)");
            String[] found = new String[1];
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                java.util.regex.Matcher m = port.matcher(java.nio.file.Files.readString(log));
                if (!m.find() || m.group(1).equals("0")) return false;
                Run r = conn("dht", "lookup", hash, "--bootstrap", address, "--bind", "127.0.0.1", "--timeout", "5");
                found[0] = m.group(1);
                return r.exitCode() == 0 && r.out().lines().anyMatch(l -> l.equals("127.0.0.1:" + m.group(1)));
            });
            assertThat(found[0]).isNotNull();
        } finally {
            if (lt != null) stop(lt);
            stop(node);
        }
    }

    private static boolean libtorrentInstalled() {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import libtorrent").redirectErrorStream(true).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void badArgumentsAreOneLine() {
        Run hash = conn("dht", "lookup", "xyz", "--bootstrap", "127.0.0.1:1");
        assertThat(hash.exitCode()).isEqualTo(2);
        assertThat(hash.err().strip()).startsWith("conn: INFOHASH:").doesNotContain("\n");
        Run noBootstrap = conn("dht", "lookup", "0123456789abcdef0123456789abcdef01234567");
        assertThat(noBootstrap.exitCode()).isEqualTo(2);
        assertThat(noBootstrap.err().strip()).isEqualTo("conn: lookup needs at least one --bootstrap HOST:PORT");
        Run badPeer = conn("dht", "lookup", "0123456789abcdef0123456789abcdef01234567", "--bootstrap", "nohostport");
        assertThat(badPeer.exitCode()).isEqualTo(2);
        assertThat(badPeer.err().strip()).isEqualTo("conn: --bootstrap nohostport: expected HOST:PORT");
    }
}
