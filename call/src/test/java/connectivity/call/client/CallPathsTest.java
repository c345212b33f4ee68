package connectivity.call.client;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.call.media.Wav;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(60)
class CallPathsTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "caller unreachable={0}, callee unreachable={1} -> {2}")
    @CsvSource({"false,false,direct", "false,true,reverse", "true,true,relay", "true,false,direct"})
    void chatFileAndVoiceArriveIntactOverEachPath(boolean callerUnreachable, boolean calleeUnreachable, String path)
            throws Exception {
        try (Lab lab = new Lab()) {
            Path inbox = Files.createDirectories(dir.resolve("inbox"));
            Lab.Recorder bob = lab.client("bob", calleeUnreachable, inbox, true);
            Lab.Recorder alice = lab.client("alice", callerUnreachable, dir, false);
            assertThat(alice.client.reachable()).isEqualTo(!callerUnreachable);
            assertThat(bob.client.reachable()).isEqualTo(!calleeUnreachable);

            byte[] data = new byte[1_234_567];
            new Random(7).nextBytes(data);
            Path file = Files.write(dir.resolve("payload.bin"), data);
            byte[] pcm = new byte[Wav.Format.class.isRecord() ? 8000 * 2 * 3 / 10 : 0]; // 0.3 s of 8 kHz 16-bit mono
            new Random(8).nextBytes(pcm);
            Path wav = Files.write(dir.resolve("hello.wav"), Wav.write(new Wav.Format(1, 8000, 16), pcm));

            Call call = alice.client.dial("bob");
            assertThat(call.path()).isEqualTo(path);
            Call bobsCall = bob.connected.poll(10, TimeUnit.SECONDS);
            assertThat(bobsCall).isNotNull();
            assertThat(bobsCall.path()).isEqualTo(path);
            assertThat(bobsCall.peer()).isEqualTo("alice");

            assertThat(call.chat("hi bob").get(10, TimeUnit.SECONDS).ok()).isTrue();
            assertThat(bob.chats.poll(5, TimeUnit.SECONDS)).isEqualTo("hi bob");
            Delivery fileResult = call.sendFile(file).get(20, TimeUnit.SECONDS);
            assertThat(fileResult.ok()).as(fileResult.toString()).isTrue();
            assertThat(Files.readAllBytes(inbox.resolve("payload.bin"))).isEqualTo(data);
            Delivery voiceResult = call.sendVoice(wav).get(20, TimeUnit.SECONDS);
            assertThat(voiceResult.ok()).as(voiceResult.toString()).isTrue();
            assertThat(voiceResult.detail()).contains("0 lost");
            assertThat(Files.readAllBytes(inbox.resolve("hello.wav"))).isEqualTo(Files.readAllBytes(wav));

            call.hangup();
            assertThat(bob.ended.poll(5, TimeUnit.SECONDS)).isEqualTo("alice hung up");
            assertThat(call.endedNormally()).isTrue();
            try (var leftovers = Files.list(inbox)) {
                assertThat(leftovers.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("payload.bin", "hello.wav");
            }
        }
    }
}
