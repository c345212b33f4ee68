package connectivity.call.client;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.call.media.Wav;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A call between two unreachable clients starts on the relay and moves onto a punched direct connection while a
 * file is on its way (on 127.0.0.1 there is no NAT: the probe says so and the simultaneous open is plain); with
 * upgrading off it stays on the relay.
 */
@Timeout(60)
class UpgradeTest {
    @TempDir
    Path dir;

    @Test
    void aRelayedCallSwitchesToDirectMidTransferWithNothingLost() throws Exception {
        try (Lab lab = new Lab()) {
            Path inbox = Files.createDirectories(dir.resolve("inbox"));
            Lab.Recorder bob = lab.client("bob", true, inbox, true);
            Lab.Recorder alice = lab.client("alice", true, dir, false);
            byte[] data = new byte[8 << 20];
            new Random(7).nextBytes(data);
            Path file = Files.write(dir.resolve("big.bin"), data);
            byte[] pcm = new byte[8000 * 2]; // 1 s of 8 kHz 16-bit mono
            new Random(8).nextBytes(pcm);
            Path wav = Files.write(dir.resolve("v.wav"), Wav.write(new Wav.Format(1, 8000, 16), pcm));

            Call call = alice.client.dial("bob");
            assertThat(call.path()).isEqualTo("relay");
            CompletableFuture<Delivery> sent = call.sendFile(file); // the switch happens while this streams
            assertThat(alice.switched.poll(20, TimeUnit.SECONDS)).as(String.join("\n", alice.progress)).isEqualTo("relay->direct");
            assertThat(bob.switched.poll(20, TimeUnit.SECONDS)).isEqualTo("relay->direct");
            assertThat(sent.get(30, TimeUnit.SECONDS).ok()).isTrue();
            assertThat(Files.readAllBytes(inbox.resolve("big.bin"))).isEqualTo(data);
            assertThat(call.chat("after the switch").get(10, TimeUnit.SECONDS).ok()).isTrue();
            assertThat(bob.chats.poll(5, TimeUnit.SECONDS)).isEqualTo("after the switch");
            Delivery voice = call.sendVoice(wav).get(20, TimeUnit.SECONDS);
            assertThat(voice.detail()).contains("50 frames, 0 lost");
            assertThat(Files.readAllBytes(inbox.resolve("v.wav"))).isEqualTo(Files.readAllBytes(wav));
            assertThat(call.currentPath()).isEqualTo("direct");
            assertThat(alice.progress).anyMatch(p -> p.startsWith("nat: no NAT"));

            lab.relay.close(); // the spare goes; the call does not notice
            assertThat(call.chat("relay gone").get(10, TimeUnit.SECONDS).ok()).isTrue();
            assertThat(bob.chats.poll(5, TimeUnit.SECONDS)).isEqualTo("relay gone");

            call.hangup();
            assertThat(bob.ended.poll(10, TimeUnit.SECONDS)).isEqualTo("alice hung up");
            assertThat(call.endedNormally()).isTrue();
        }
    }

    @Test
    void withUpgradingOffTheCallStaysOnTheRelay() throws Exception {
        try (Lab lab = new Lab()) {
            Lab.Recorder bob = lab.client(lab.options("bob", true, dir).upgrade(false), true);
            Lab.Recorder alice = lab.client(lab.options("alice", true, dir).upgrade(false), false);
            Call call = alice.client.dial("bob");
            for (int i = 0; i < 20; i++) assertThat(call.chat("line " + i).get(10, TimeUnit.SECONDS).ok()).isTrue();
            assertThat(call.currentPath()).isEqualTo("relay");
            assertThat(call.links()).isEqualTo(1);
            assertThat(alice.progress).noneMatch(p -> p.startsWith("nat:"));
            call.hangup();
            assertThat(bob.ended.poll(10, TimeUnit.SECONDS)).isEqualTo("alice hung up");
            assertThat(alice.switched).isEmpty();
        }
    }
}
