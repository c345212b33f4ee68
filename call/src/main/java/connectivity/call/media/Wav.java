package connectivity.call.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** PCM WAV files: the RIFF header parsed and written by hand. */
public final class Wav {
    private Wav() {}

    /** The PCM layout of a WAV file. */
    public record Format(int channels, int sampleRate, int bitsPerSample) {
        public Format {
            if (channels < 1 || channels > 8) throw new IllegalArgumentException("unsupported channel count " + channels);
            if (sampleRate < 1000 || sampleRate > 384_000) throw new IllegalArgumentException("unsupported sample rate " + sampleRate);
            if (bitsPerSample != 8 && bitsPerSample != 16 && bitsPerSample != 24 && bitsPerSample != 32) {
                throw new IllegalArgumentException("unsupported bits per sample " + bitsPerSample);
            }
        }

        public int blockAlign() {
            return channels * bitsPerSample / 8;
        }

        public int byteRate() {
            return sampleRate * blockAlign();
        }

        /** Bytes of audio in {@code millis} ms, whole sample frames only. */
        public int bytesPer(int millis) {
            return sampleRate * millis / 1000 * blockAlign();
        }

        @Override
        public String toString() {
            return sampleRate + " Hz, " + bitsPerSample + "-bit, " + (channels == 1 ? "mono" : channels + " channels");
        }
    }

    /** A parsed file: its format and the raw PCM samples. */
    public record Audio(Format format, byte[] pcm) {
        public double seconds() {
            return (double) pcm.length / format.byteRate();
        }
    }

    /** Thrown for anything that is not a PCM WAV file we can stream. */
    public static final class WavException extends IOException {
        public WavException(String message) {
            super(message);
        }
    }

    public static Audio parse(byte[] file) throws WavException {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (file.length < 12 || !tag(b, 0).equals("RIFF") || !tag(b, 8).equals("WAVE")) {
            throw new WavException("not a WAV file (no RIFF/WAVE header)");
        }
        Format format = null;
        int pos = 12;
        while (pos + 8 <= file.length) {
            String id = tag(b, pos);
            long size = Integer.toUnsignedLong(b.getInt(pos + 4));
            int body = pos + 8;
            if (size > file.length - body) {
                if (id.equals("data")) size = file.length - body; // a streaming writer may leave the size unset
                else throw new WavException("truncated WAV chunk '" + id + "'");
            }
            if (id.equals("fmt ")) {
                if (size < 16) throw new WavException("WAV fmt chunk too short");
                int audioFormat = Short.toUnsignedInt(b.getShort(body));
                if (audioFormat != 1) throw new WavException("only PCM WAV is supported (format tag " + audioFormat + ")");
                try {
                    format = new Format(Short.toUnsignedInt(b.getShort(body + 2)), b.getInt(body + 4),
                            Short.toUnsignedInt(b.getShort(body + 14)));
                } catch (IllegalArgumentException e) {
                    throw new WavException(e.getMessage());
                }
            } else if (id.equals("data")) {
                if (format == null) throw new WavException("WAV data chunk before fmt chunk");
                int usable = (int) (size - size % format.blockAlign());
                byte[] pcm = new byte[usable];
                System.arraycopy(file, body, pcm, 0, usable);
                return new Audio(format, pcm);
            }
            pos = body + (int) size + (int) (size & 1); // chunks are padded to even length
        }
        throw new WavException(format == null ? "WAV file has no fmt chunk" : "WAV file has no data chunk");
    }

    /** The canonical 44-byte-header file for {@code pcm}. */
    public static byte[] write(Format f, byte[] pcm) {
        ByteBuffer b = ByteBuffer.allocate(44 + pcm.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + pcm.length).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) f.channels())
                .putInt(f.sampleRate()).putInt(f.byteRate()).putShort((short) f.blockAlign())
                .putShort((short) f.bitsPerSample());
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(pcm.length).put(pcm);
        return b.array();
    }

    private static String tag(ByteBuffer b, int at) {
        byte[] t = new byte[4];
        b.get(at, t);
        return new String(t, StandardCharsets.US_ASCII);
    }
}
