package connectivity.call.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * A WAV file given to a call parses or is refused with a WavException; what parses holds whole sample
 * frames only, and written back in the canonical layout it parses to the same format and samples.
 */
class WavFuzzTest {
    @FuzzTest
    void parsesOrRefuses(byte[] input) throws Wav.WavException {
        Wav.Audio audio;
        try {
            audio = Wav.parse(input);
        } catch (Wav.WavException e) {
            return;
        }
        assertThat(audio.pcm().length % audio.format().blockAlign()).isZero();
        assertThat(audio.pcm().length).isLessThanOrEqualTo(input.length);
        Wav.Audio again = Wav.parse(Wav.write(audio.format(), audio.pcm()));
        assertThat(again.format()).isEqualTo(audio.format());
        assertThat(again.pcm()).isEqualTo(audio.pcm());
    }
}
