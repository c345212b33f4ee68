package connectivity.cli.call;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * A small internet in network namespaces: a bridge ("the internet", 198.18.0.0/24) in its own
 * namespace, public hosts on it, and routers that NAT a LAN 198.19.N.0/24 behind their WAN address
 * (MASQUERADE, FORWARD admitting WAN-to-LAN only for ESTABLISHED,RELATED; optionally --random-fully
 * for a symmetric NAT). Every namespace carries a per-run prefix and is deleted on close.
 */
final class NatLab implements AutoCloseable {
    private final String prefix = "cn-" + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime() & 0xffff);
    private final List<String> namespaces = new ArrayList<>();
    private final List<Conn> processes = new CopyOnWriteArrayList<>();
    private final String internet;
    private int links;

    /** Whether this machine can build the lab: root, and ip/iptables working. */
    static boolean available() {
        try {
            if (!"root".equals(System.getProperty("user.name"))) return false;
            Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
            Process q = new ProcessBuilder("iptables", "--version").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && q.waitFor(10, TimeUnit.SECONDS) && q.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private final Thread cleanupOnExit = new Thread(this::cleanUp, "natlab-cleanup");

    NatLab() throws IOException {
        sweepStale();
        // If the test JVM is stopped (timeout, Ctrl-C), still kill the processes and drop the namespaces.
        Runtime.getRuntime().addShutdownHook(cleanupOnExit);
        try {
            internet = namespace("net");
            sh(internet, "ip link add br0 type bridge", "ip link set br0 up");
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Deletes namespaces left by a lab whose JVM died without cleaning up (its pid is gone). */
    private static void sweepStale() {
        try {
            for (String line : run("ip", "netns", "list").split("\n")) {
                String ns = line.split(" ")[0];
                java.util.regex.Matcher m = Pattern.compile("^cn-(\\d+)-[0-9a-f]+-").matcher(ns);
                if (m.find() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                    killAllIn(ns); // a JVM killed with -9 leaves its conn processes running in there
                    run("ip", "netns", "del", ns);
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("NatLab: sweeping stale namespaces: " + e.getMessage());
        }
    }

    private static void killAllIn(String ns) throws IOException {
        for (String pid : run("ip", "netns", "pids", ns).split("\\s+")) {
            if (!pid.isBlank()) ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private String namespace(String role) throws IOException {
        String ns = prefix + "-" + role;
        run("ip", "netns", "add", ns);
        namespaces.add(ns);
        sh(ns, "ip link set lo up");
        return ns;
    }

    /** A host on the internet segment with address 198.18.0.x. */
    String publicHost(String role, int x) throws IOException {
        String ns = namespace(role);
        String v = "v" + (links++);
        run("ip", "link", "add", "eth0", "netns", ns, "type", "veth", "peer", "name", v, "netns", internet);
        sh(internet, "ip link set " + v + " master br0", "ip link set " + v + " up");
        sh(ns, "ip addr add 198.18.0." + x + "/24 dev eth0", "ip link set eth0 up");
        return ns;
    }

    /** How a router maps and filters (../shared/network-test-addresses.md). */
    enum Nat {
        /** SNAT to the WAN address (ports kept) and DNAT of everything inbound to the LAN's one host .2. */
        FULL_CONE,
        /** As full cone, but inbound only from addresses the LAN has sent to (xt_recent keeps them). */
        ADDRESS_RESTRICTED,
        /** Plain MASQUERADE: inbound only as the answer of a connection the LAN opened (Linux's default). */
        PORT_RESTRICTED,
        /** MASQUERADE --random-fully: a new external port for every destination. */
        SYMMETRIC
    }

    /**
     * Router n with one of the four behaviours; for the cone kinds its LAN host is 198.19.n.2. Like a home router
     * it drops what arrives unasked for itself instead of answering RST: an accepted stray SYN would leave a
     * conntrack entry that takes the port the LAN host's own SYN is about to be mapped to (see docs/call.md).
     */
    String router(int n, Nat nat) throws IOException {
        String ns = nat == Nat.PORT_RESTRICTED || nat == Nat.SYMMETRIC ? router(n, nat == Nat.SYMMETRIC) : coneRouter(n, nat);
        sh(ns, "iptables -A INPUT -i wan0 -m conntrack --ctstate NEW -j DROP");
        return ns;
    }

    private String coneRouter(int n, Nat nat) throws IOException {
        String ns = publicHost("r" + n, 200 + n);
        String wan = "198.18.0." + (200 + n), host = "198.19." + n + ".2";
        sh(ns, "ip link set eth0 name wan0", "ip link set wan0 up", "ip route add default dev wan0",
                "ip link add lan0 type bridge", "ip addr add 198.19." + n + ".1/24 dev lan0", "ip link set lan0 up",
                "sysctl -qw net.ipv4.ip_forward=1",
                "iptables -t nat -A POSTROUTING -o wan0 -j SNAT --to-source " + wan,
                "iptables -t nat -A PREROUTING -i wan0 -j DNAT --to-destination " + host,
                "iptables -P FORWARD DROP",
                "iptables -A FORWARD -i lan0 -o lan0 -j ACCEPT",
                "iptables -A FORWARD -i wan0 -o lan0 -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT");
        if (nat == Nat.FULL_CONE) {
            sh(ns, "iptables -A FORWARD -i lan0 -o wan0 -j ACCEPT", "iptables -A FORWARD -i wan0 -o lan0 -j ACCEPT");
        } else {
            sh(ns, "iptables -A FORWARD -i lan0 -o wan0 -m recent --name contacted --rdest --set -j ACCEPT",
                    "iptables -A FORWARD -i wan0 -o lan0 -m recent --name contacted --rsource --rcheck --seconds 600 -j ACCEPT");
        }
        return ns;
    }

    /** Drops everything between this router's WAN side and {@code address} (a path cut without a FIN or RST). */
    void cut(String router, String address) throws IOException {
        sh(router, "iptables -I FORWARD -s " + address + " -j DROP", "iptables -I FORWARD -d " + address + " -j DROP");
    }

    /** Undoes {@link #cut}. */
    void uncut(String router, String address) throws IOException {
        sh(router, "iptables -D FORWARD -s " + address + " -j DROP", "iptables -D FORWARD -d " + address + " -j DROP");
    }

    /** An address-restricted router forgets whom its LAN has sent to, so one case's calls do not open the next's. */
    void forgetContacts(String router) throws IOException {
        run("ip", "netns", "exec", router, "sh", "-c", "echo / > /proc/net/xt_recent/contacted");
    }

    /** Router n: WAN 198.18.0.(200+n), LAN 198.19.n.1/24 on a bridge, NAT as described above. */
    String router(int n, boolean symmetric) throws IOException {
        String ns = publicHost("r" + n, 200 + n);
        sh(ns, "ip link set eth0 name wan0", "ip link set wan0 up", "ip route add default dev wan0",
                "ip link add lan0 type bridge", "ip addr add 198.19." + n + ".1/24 dev lan0", "ip link set lan0 up",
                "sysctl -qw net.ipv4.ip_forward=1",
                "iptables -t nat -A POSTROUTING -o wan0 -j MASQUERADE" + (symmetric ? " --random-fully" : ""),
                "iptables -P FORWARD DROP",
                "iptables -A FORWARD -i lan0 -o wan0 -j ACCEPT",
                // hosts on the LAN switch talk freely (with br_netfilter, bridged frames traverse FORWARD too)
                "iptables -A FORWARD -i lan0 -o lan0 -j ACCEPT",
                "iptables -A FORWARD -i wan0 -o lan0 -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT");
        return ns;
    }

    /** Host h on router n's LAN: 198.19.n.h, default route via the router. */
    String lanHost(String role, String router, int n, int h) throws IOException {
        String ns = namespace(role);
        String v = "v" + (links++);
        run("ip", "link", "add", "eth0", "netns", ns, "type", "veth", "peer", "name", v, "netns", router);
        sh(router, "ip link set " + v + " master lan0", "ip link set " + v + " up");
        sh(ns, "ip addr add 198.19." + n + "." + h + "/24 dev eth0", "ip link set eth0 up",
                "ip route add default via 198.19." + n + ".1");
        return ns;
    }

    /** Starts {@code java -jar conn.jar args} inside {@code ns}. */
    Conn conn(String ns, String label, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-jar", connJar().toString()));
        Collections.addAll(cmd, args);
        Conn c = new Conn(label, new ProcessBuilder(cmd).redirectErrorStream(true).start());
        processes.add(c);
        return c;
    }

    /** Starts any program inside {@code ns} (a peer such as redis-server); killed on close like the conn processes. */
    Conn exec(String ns, String label, String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        Collections.addAll(cmd, command);
        Conn c = new Conn(label, new ProcessBuilder(cmd).redirectErrorStream(true).start());
        processes.add(c);
        return c;
    }

    static Path connJar() {
        String p = System.getProperty("conn.jar");
        if (p == null) p = "target/conn.jar";
        return Path.of(p).toAbsolutePath();
    }

    void sh(String ns, String... commands) throws IOException {
        for (String c : commands) {
            List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
            Collections.addAll(cmd, c.split(" "));
            run(cmd.toArray(String[]::new));
        }
    }

    static String run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", cmd));
            }
            if (p.exitValue() != 0) throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    @Override
    public void close() {
        cleanUp();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
        } catch (IllegalStateException alreadyExiting) {
            // the hook is running or has run
        }
    }

    private synchronized void cleanUp() {
        for (Conn c : processes) c.kill();
        processes.clear();
        for (int i = namespaces.size() - 1; i >= 0; i--) {
            try {
                run("ip", "netns", "del", namespaces.get(i));
            } catch (IOException e) {
                System.err.println("NatLab: " + e.getMessage());
            }
        }
        namespaces.clear();
    }

    /** A running conn process whose output is collected line by line. */
    static final class Conn {
        final String label;
        final Process process;
        final List<String> lines = new CopyOnWriteArrayList<>();

        Conn(String label, Process process) {
            this.label = label;
            this.process = process;
            Thread.ofVirtual().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines.add(line);
                        System.out.println("[" + label + "] " + line);
                    }
                } catch (IOException ignored) {
                    // process gone
                }
            });
        }

        /** Waits for an output line matching {@code regex} and returns it; fails fast if the process dies first. */
        String await(String regex, Duration timeout) {
            Pattern p = Pattern.compile(regex);
            Awaitility.await(label + " to print /" + regex + "/").atMost(timeout).pollInterval(Duration.ofMillis(50))
                    .until(() -> printed(regex) || !process.isAlive());
            return lines.stream().filter(l -> p.matcher(l).find()).findFirst()
                    .orElseThrow(() -> new AssertionError(label + " exited without printing /" + regex + "/:\n" + output()));
        }

        /** Waits until {@code regex} has matched {@code n} output lines. */
        void awaitCount(String regex, int n, Duration timeout) {
            Pattern p = Pattern.compile(regex);
            Awaitility.await(label + " to print /" + regex + "/ " + n + " times").atMost(timeout)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> lines.stream().filter(l -> p.matcher(l).find()).count() >= n || !process.isAlive());
            if (lines.stream().filter(l -> p.matcher(l).find()).count() < n) {
                throw new AssertionError(label + " exited before printing /" + regex + "/ " + n + " times:\n" + output());
            }
        }

        boolean printed(String regex) {
            Pattern p = Pattern.compile(regex);
            return lines.stream().anyMatch(l -> p.matcher(l).find());
        }

        int exit(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new AssertionError(label + " did not exit within " + timeout + "; output:\n" + String.join("\n", lines));
            }
            return process.exitValue();
        }

        void kill() {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        String output() {
            return String.join("\n", lines);
        }
    }

    static void writeRandom(Path file, long size, long seed) throws IOException {
        java.util.Random r = new java.util.Random(seed);
        byte[] buf = new byte[1 << 16];
        try (var out = Files.newOutputStream(file)) {
            for (long done = 0; done < size; done += buf.length) {
                r.nextBytes(buf);
                out.write(buf, 0, (int) Math.min(buf.length, size - done));
            }
        }
    }
}
