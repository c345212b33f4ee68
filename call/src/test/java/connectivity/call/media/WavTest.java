package connectivity.call.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WavTest {
    @Test
    void writeThenParseGivesTheSameSamples() throws Exception {
        byte[] pcm = new byte[4410 * 4];
        for (int i = 0; i < pcm.length; i++) pcm[i] = (byte) (i * 31);
        Wav.Format f = new Wav.Format(2, 44100, 16);
        byte[] file = Wav.write(f, pcm);
        assertThat(file).hasSize(44 + pcm.length);
        Wav.Audio a = Wav.parse(file);
        assertThat(a.format()).isEqualTo(f);
        assertThat(a.pcm()).isEqualTo(pcm);
        assertThat(a.seconds()).isEqualTo(0.1);
        assertThat(f.bytesPer(20)).isEqualTo(882 * 4);
    }

    @Test
    void skipsUnknownChunksIncludingOddSizedOnes() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(200).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("RIFF")).putInt(0).put(ascii("WAVE"));
        b.put(ascii("LIST")).putInt(3).put(new byte[] {1, 2, 3, 0}); // odd size, padded
        b.put(ascii("fmt ")).putInt(16).putShort((short) 1).putShort((short) 1).putInt(8000).putInt(8000)
                .putShort((short) 1).putShort((short) 8);
        b.put(ascii("data")).putInt(4).put(new byte[] {9, 8, 7, 6});
        byte[] file = java.util.Arrays.copyOf(b.array(), b.position());
        Wav.Audio a = Wav.parse(file);
        assertThat(a.format()).isEqualTo(new Wav.Format(1, 8000, 8));
        assertThat(a.pcm()).containsExactly(9, 8, 7, 6);
    }

    @Test
    void refusesWhatIsNotPcmWav() {
        assertThatThrownBy(() -> Wav.parse("hello world, not a wav".getBytes())).hasMessageContaining("not a WAV");
        byte[] floatWav = Wav.write(new Wav.Format(1, 8000, 16), new byte[4]);
        floatWav[20] = 3; // format tag 3 = IEEE float
        assertThatThrownBy(() -> Wav.parse(floatWav)).hasMessageContaining("only PCM");
        byte[] truncated = java.util.Arrays.copyOf(Wav.write(new Wav.Format(1, 8000, 16), new byte[4]), 30);
        assertThatThrownBy(() -> Wav.parse(truncated)).isInstanceOf(Wav.WavException.class);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
