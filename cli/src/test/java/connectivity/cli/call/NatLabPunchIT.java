package connectivity.cli.call;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.call.media.Wav;
import connectivity.cli.call.NatLab.Nat;
import connectivity.net.testing.RealPeers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hole punching in the NAT lab: every pair of the four NAT behaviours (caller behind one, callee behind another,
 * each on its own router), both on one LAN, and one side public. Each call carries a chat line, a 10 MiB file and
 * 5 s of voice, byte for byte, and the test checks the path it starts on and the one it ends on: a call that
 * starts on the relay between two NATs that are not symmetric must switch to direct; with a symmetric NAT it stays.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class NatLabPunchIT {
    static final String RENDEZVOUS = "198.18.0.10:7400";
    static final String RELAY = "198.18.0.10:7500";

    NatLab lab;
    String srv, p1, lan1, lan2;
    final Map<Nat, String> callers = new EnumMap<>(Nat.class), callees = new EnumMap<>(Nat.class);
    final Map<Nat, String> callerRouters = new EnumMap<>(Nat.class), calleeRouters = new EnumMap<>(Nat.class);
    final Map<Nat, String> calleeWans = new EnumMap<>(Nat.class);
    NatLab.Conn relay;
    Path dir, file, voice, longVoice;
    int calls;

    @BeforeAll
    void buildLab() throws Exception {
        RealPeers.require("ip");
        RealPeers.require("iptables");
        RealPeers.requireThat(NatLab.available(), "NAT lab needs root, ip netns and iptables");
        RealPeers.requireThat(Files.exists(NatLab.connJar()), "conn.jar not built (mvn package)");
        dir = Files.createTempDirectory("natpunch");
        lab = new NatLab();
        srv = lab.publicHost("srv", 10);
        p1 = lab.publicHost("p1", 100);
        int n = 1;
        for (Nat nat : Nat.values()) {
            String r = lab.router(n, nat);
            callerRouters.put(nat, r);
            callers.put(nat, lab.lanHost("a" + n, r, n, 2));
            n++;
            calleeRouters.put(nat, lab.router(n, nat));
            callees.put(nat, lab.lanHost("b" + n, calleeRouters.get(nat), n, 2));
            calleeWans.put(nat, "198.18.0." + (200 + n));
            n++;
        }
        String shared = lab.router(n, Nat.PORT_RESTRICTED);
        lan1 = lab.lanHost("l1", shared, n, 2);
        lan2 = lab.lanHost("l2", shared, n, 3);
        Path secret = dir.resolve("relay-secret");
        lab.conn(srv, "rendezvous", "rendezvous", "--port", "7400", "--secret-file", secret.toString(), "--ping-interval", "2")
                .await("rendezvous listening", Duration.ofSeconds(30));
        relay = relay(secret);
        file = dir.resolve("ten-mib.bin");
        NatLab.writeRandom(file, 10 << 20, 42);
        voice = wav("voice.wav", 5);
        longVoice = wav("long.wav", 20);
    }

    private NatLab.Conn relay(Path secret) throws Exception {
        NatLab.Conn r = lab.conn(srv, "relay", "relay", "--port", "7500", "--secret-file", secret.toString(), "--verbose");
        r.await("relay listening", Duration.ofSeconds(30));
        return r;
    }

    private Path wav(String name, int seconds) throws Exception {
        byte[] pcm = new byte[16000 * 2 * seconds]; // 16 kHz 16-bit mono
        new Random(seconds).nextBytes(pcm);
        return Files.write(dir.resolve(name), Wav.write(new Wav.Format(1, 16000, 16), pcm));
    }

    @AfterAll
    void tearDown() {
        if (lab != null) lab.close();
    }

    /** What a pair must end with, and how it gets there. */
    static String expected(Nat caller, Nat callee) {
        if (callee == Nat.FULL_CONE) return "direct"; // the callee's mapped port takes anyone
        if (caller == Nat.FULL_CONE) return "reverse"; // the callee connects out to the caller
        // the direct attempt to an address-restricted callee fails, but its SYNs let the callee's address in
        if (caller == Nat.ADDRESS_RESTRICTED && callee == Nat.ADDRESS_RESTRICTED) return "reverse";
        if (caller == Nat.SYMMETRIC || callee == Nat.SYMMETRIC) return "relay";
        return "relay->direct"; // cone mappings on both sides: the simultaneous open gets through
    }

    static Stream<Arguments> pairs() {
        List<Arguments> out = new ArrayList<>();
        for (Nat a : Nat.values()) for (Nat b : Nat.values()) out.add(Arguments.of(a, b, expected(a, b)));
        return out.stream();
    }

    @Test
    void portRestrictedOnBothSidesSwitchesToDirect() throws Exception {
        pair(Nat.PORT_RESTRICTED, Nat.PORT_RESTRICTED, "relay->direct");
    }

    @Test
    void aSymmetricNatKeepsTheCallOnTheRelay() throws Exception {
        pair(Nat.PORT_RESTRICTED, Nat.SYMMETRIC, "relay");
    }

    @Test
    void fullConeIsReachedDirectly() throws Exception {
        pair(Nat.FULL_CONE, Nat.FULL_CONE, "direct");
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @MethodSource("pairs")
    void everyPairConnectsAndEndsOnItsExpectedPath(Nat caller, Nat callee, String path) throws Exception {
        pair(caller, callee, path);
    }

    @Test
    void bothOnOneLanGoDirect() throws Exception {
        call("lan", lan1, lan2, "direct", voice);
    }

    @Test
    void aPublicCallerReachesANatedCalleeInReverse() throws Exception {
        call("pub", p1, callees.get(Nat.PORT_RESTRICTED), "reverse", voice);
    }

    @Test
    void theDirectPathCutMidCallFallsBackToTheRelayAndTheCallSurvives() throws Exception {
        String[] ends = call("cut", callers.get(Nat.PORT_RESTRICTED), callees.get(Nat.PORT_RESTRICTED), "relay->direct", longVoice,
                (dial, answer) -> {
                    dial.await("call: switched to direct after", Duration.ofSeconds(30));
                    answer.await("call: switched to direct after", Duration.ofSeconds(30));
                    // the caller's router stops passing anything to or from the callee's NAT; the relay is another address
                    lab.cut(callerRouters.get(Nat.PORT_RESTRICTED), calleeWans.get(Nat.PORT_RESTRICTED));
                    try {
                        dial.await("call: direct path lost; back on the relay", Duration.ofSeconds(30));
                        answer.await("call: direct path lost; back on the relay", Duration.ofSeconds(30));
                        dial.exit(Duration.ofSeconds(150)); // the call goes on over the relay until everything arrived
                    } finally {
                        lab.uncut(callerRouters.get(Nat.PORT_RESTRICTED), calleeWans.get(Nat.PORT_RESTRICTED));
                    }
                });
        assertThat(ends[0]).contains("all delivered intact");
    }

    @Test
    void theRelayKilledAfterTheSwitchChangesNothing() throws Exception {
        String[] ends = call("kill", callers.get(Nat.ADDRESS_RESTRICTED), callees.get(Nat.PORT_RESTRICTED), "relay->direct", longVoice,
                (dial, answer) -> {
                    dial.await("call: switched to direct after", Duration.ofSeconds(30));
                    answer.await("call: switched to direct after", Duration.ofSeconds(30));
                    relay.kill();
                    dial.await("call: the spare relay path went away", Duration.ofSeconds(30));
                });
        assertThat(ends[0]).doesNotContain("back on the relay");
        relay = relay(dir.resolve("relay-secret")); // for the tests after this one
    }

    /**
     * For bench/call-punch-natlab.sh only (-Dnatlab.bench=true): what the relay carries for a 100 MiB file sent as
     * soon as a port-restricted pair's call is up, with the switch and with --no-upgrade.
     */
    @Test
    void relayBytesForAHundredMebibytesWithAndWithoutTheSwitch() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean("natlab.bench"), "a benchmark: -Dnatlab.bench=true");
        Path big = dir.resolve("hundred-mib.bin");
        NatLab.writeRandom(big, 100L << 20, 7);
        for (boolean upgrade : new boolean[] {true, false}) {
            int before = relayEnds();
            String tag = "p" + (++calls);
            Path inbox = Files.createDirectories(dir.resolve(tag + "-inbox"));
            List<String> extra = upgrade ? List.of() : List.of("--no-upgrade");
            List<String> answerArgs = new ArrayList<>(List.of("call", "answer", "--as", tag + "-b", "--rendezvous", RENDEZVOUS,
                    "--config-dir", dir.resolve(tag + "-b").toString(), "--save-to", inbox.toString(), "--ping-interval", "2"));
            answerArgs.addAll(extra);
            NatLab.Conn answer = lab.conn(callees.get(Nat.PORT_RESTRICTED), tag + "-b", answerArgs.toArray(String[]::new));
            answer.await("logged in as", Duration.ofSeconds(30));
            List<String> dialArgs = new ArrayList<>(List.of("call", "dial", tag + "-b", "--as", tag + "-a", "--rendezvous", RENDEZVOUS,
                    "--relay", RELAY, "--config-dir", dir.resolve(tag + "-a").toString(), "--send", big.toString(),
                    "--ping-interval", "2"));
            dialArgs.addAll(extra);
            long t0 = System.nanoTime();
            NatLab.Conn dial = lab.conn(callers.get(Nat.PORT_RESTRICTED), tag + "-a", dialArgs.toArray(String[]::new));
            assertThat(dial.exit(Duration.ofSeconds(170))).as(dial.output()).isZero();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(answer.exit(Duration.ofSeconds(30))).isZero();
            assertThat(Files.mismatch(big, inbox.resolve(big.getFileName()))).isEqualTo(-1L);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> relayEnds() > before);
            String ended = relay.lines.stream().filter(l -> l.contains("relay: call ended")).reduce((a, b) -> b).orElseThrow();
            System.out.println("BENCH " + (upgrade ? "upgrade" : "no-upgrade") + " " + ms + " ms, " + ended.replaceAll(".*call ended, ", ""));
        }
    }

    private int relayEnds() {
        return (int) relay.lines.stream().filter(l -> l.contains("relay: call ended")).count();
    }

    private void pair(Nat caller, Nat callee, String path) throws Exception {
        call(caller + "-" + callee, callers.get(caller), callees.get(callee), path, voice);
    }

    @FunctionalInterface
    interface During {
        void run(NatLab.Conn dial, NatLab.Conn answer) throws Exception;
    }

    private String[] call(String label, String callerNs, String calleeNs, String path, Path wav) throws Exception {
        return call(label, callerNs, calleeNs, path, wav, (d, a) -> { });
    }

    /** One call, checked byte for byte; {@code path} is "direct", "reverse", "relay" or "relay->direct". */
    private String[] call(String label, String callerNs, String calleeNs, String path, Path wav, During during) throws Exception {
        String tag = "p" + (++calls); // user names are at most 32 characters; the label goes in the output
        Path inbox = Files.createDirectories(dir.resolve(tag + "-inbox"));
        String callee = tag + "-b", caller = tag + "-a";
        lab.forgetContacts(callerRouters.get(Nat.ADDRESS_RESTRICTED)); // each case starts from a router that knows nobody
        lab.forgetContacts(calleeRouters.get(Nat.ADDRESS_RESTRICTED));
        // --call-ping-interval 2: a cut path is noticed in 4 s; 1 s (2 s of silence) ended a relayed call once at a
        // load average of 12 on two cores, the pings of a busy JVM simply late
        NatLab.Conn answer = lab.conn(calleeNs, callee, "call", "answer", "--as", callee, "--rendezvous", RENDEZVOUS,
                "--config-dir", dir.resolve(callee).toString(), "--save-to", inbox.toString(), "--ping-interval", "2",
                "--call-ping-interval", "2");
        answer.await("logged in as", Duration.ofSeconds(30));
        NatLab.Conn dial = lab.conn(callerNs, caller, "call", "dial", callee, "--as", caller, "--rendezvous", RENDEZVOUS,
                "--relay", RELAY, "--config-dir", dir.resolve(caller).toString(), "--message", "hello from " + caller,
                "--send", file.toString(), "--voice", wav.toString(), "--ping-interval", "2", "--call-ping-interval", "2");
        during.run(dial, answer);
        assertThat(dial.exit(Duration.ofSeconds(150))).as(dial.output()).isZero();
        assertThat(answer.exit(Duration.ofSeconds(30))).as(answer.output()).isZero();
        String start = path.startsWith("relay") ? "relay" : path;
        String connected = dial.await("connected via", Duration.ofSeconds(1));
 System.out.println("PATH " + label + " (" + tag + "): " + connected + " | " + dial.lines.stream()
                .filter(l -> l.startsWith("call: ") || l.contains("nat: ") || l.contains("direct path")).toList());
        assertThat(connected).contains("connected via " + start + " ");
        assertThat(answer.await("connected via", Duration.ofSeconds(1))).contains("connected via " + start + " ");
        if (path.equals("relay->direct")) {
            assertThat(dial.printed("call: switched to direct after")).as(dial.output()).isTrue();
            assertThat(answer.printed("call: switched to direct after")).as(answer.output()).isTrue();
        } else {
            assertThat(dial.printed("call: switched to")).as(dial.output()).isFalse();
        }
        if (path.equals("relay")) {
            assertThat(dial.printed("direct path: not punching, .*symmetric")).as(dial.output()).isTrue();
        }
        assertThat(answer.printed(caller + ": hello from " + caller)).as(answer.output()).isTrue();
        assertThat(Files.mismatch(file, inbox.resolve(file.getFileName()))).isEqualTo(-1L);
        assertThat(Files.mismatch(wav, inbox.resolve(wav.getFileName()))).isEqualTo(-1L);
        assertThat(answer.printed("received voice " + wav.getFileName() + ": \\d+ frames of 20 ms, 0 lost")).as(answer.output()).isTrue();
        return new String[] {dial.output(), answer.output()};
    }
}
