package connectivity.call.client;

import connectivity.call.media.Wav;
import connectivity.call.wire.CallProtocolException;
import connectivity.call.wire.InCallMessage;
import connectivity.net.support.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Voice both ways within one call: PCM in 20 ms frames stamped with sequence number and sender
 * time, paced like a microphone; the receiver measures one-way delay, fills lost frames with
 * silence and writes a WAV at the end.
 */
final class VoiceStream {
    static final int FRAME_MS = 20;

    private final Call call;
    private final ClientEvents events;
    private final Path saveTo;
    private final Map<String, IncomingVoice> voices = new ConcurrentHashMap<>();

    VoiceStream(Call call, ClientEvents events, Path saveTo) {
        this.call = call;
        this.events = events;
        this.saveTo = saveTo;
    }

    /** Reads a WAV file and checks that it can be streamed in 20 ms frames; the message names what is wrong. */
    static Wav.Audio check(Path wavFile) throws IOException {
        Wav.Audio audio = Wav.parse(Files.readAllBytes(wavFile));
        int frameBytes = audio.format().bytesPer(FRAME_MS);
        if (frameBytes <= 0 || frameBytes > FileTransfer.CHUNK) {
            throw new Wav.WavException("unsupported WAV format (" + audio.format() + "): a 20 ms frame must fit in "
                    + FileTransfer.CHUNK / 1024 + " KiB");
        }
        return audio;
    }

    /** Streams {@code wavFile} as item {@code item} in real time, blocking until it is sent. */
    void send(String item, Path wavFile) throws IOException {
        Wav.Audio audio = check(wavFile);
        Wav.Format fmt = audio.format();
        int frameBytes = fmt.bytesPer(FRAME_MS);
        byte[] pcm = audio.pcm();
        int frames = (pcm.length + frameBytes - 1) / frameBytes;
        call.send(new InCallMessage.VoiceBegin(item, wavFile.getFileName().toString(), fmt.sampleRate(), fmt.channels(),
                fmt.bitsPerSample(), frames));
        long start = System.nanoTime();
        for (int seq = 0; seq < frames; seq++) {
            // Pace like a microphone would: frame n leaves at n * 20 ms.
            long due = start + TimeUnit.MILLISECONDS.toNanos((long) seq * FRAME_MS);
            long wait = due - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(wait);
            int from = seq * frameBytes;
            byte[] body = Arrays.copyOfRange(pcm, from, Math.min(pcm.length, from + frameBytes));
            call.send(new InCallMessage.VoiceFrame(item, seq, nowMicros(), body));
            if (seq % 50 == 49) events.transferProgress(call, "voice", seq + 1, frames);
        }
        call.send(new InCallMessage.VoiceEnd(item, frames));
    }

    void begin(InCallMessage.VoiceBegin m) throws IOException {
        Wav.Format fmt;
        try {
            fmt = new Wav.Format(small(m.channels()), small(m.rate()), small(m.bits()));
        } catch (IllegalArgumentException e) {
            throw new CallProtocolException("bad voice format: " + e.getMessage());
        }
        voices.put(m.item(), new IncomingVoice(Call.safeName(m.name()), fmt));
    }

    void frame(InCallMessage.VoiceFrame m) throws IOException {
        IncomingVoice v = voices.get(m.item());
        if (v == null) throw new CallProtocolException("voice frame for an unknown stream");
        long delayMicros = nowMicros() - m.micros();
        v.frames.put((int) m.seq(), m.data());
        v.delaySum += delayMicros;
        v.delayMax = Math.max(v.delayMax, delayMicros);
    }

    /** Writes the WAV; returns what arrived and its ACK. */
    Finished end(InCallMessage.VoiceEnd m) throws IOException {
        String item = m.item();
        IncomingVoice v = voices.remove(item);
        if (v == null) throw new CallProtocolException("end of an unknown voice stream");
        int frames = (int) m.frames();
        int frameBytes = v.format.bytesPer(FRAME_MS);
        ByteArrayOutputStream pcm = new ByteArrayOutputStream();
        int got = 0;
        for (int seq = 0; seq < frames; seq++) {
            byte[] f = v.frames.get(seq);
            if (f != null) got++;
            pcm.write(f != null ? f : new byte[frameBytes]); // a lost frame becomes silence
        }
        int lost = frames - got;
        Path target = saveTo.resolve(v.name.endsWith(".wav") ? v.name : v.name + ".wav");
        Files.createDirectories(saveTo);
        AtomicFiles.write(target, Wav.write(v.format, pcm.toByteArray()), AtomicFiles.Access.PRIVATE);
        long avgMs = got == 0 ? 0 : v.delaySum / got / 1000;
        String detail = String.format("%d frames of %d ms, %d lost, one-way delay avg %d ms max %d ms, saved %s",
                frames, FRAME_MS, lost, avgMs, v.delayMax / 1000, target);
        var ack = new InCallMessage.Ack(item, "voice", v.name, lost == 0, String.format("%d frames, %d lost, one-way delay avg %d ms max %d ms", frames, lost, avgMs,
                        v.delayMax / 1000));
        return new Finished(new Delivery("voice", v.name, lost == 0, detail), ack);
    }

    /** Format numbers a peer sent; out-of-int-range ones are its error, not ours to cast. */
    private static int small(long n) throws CallProtocolException {
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) throw new CallProtocolException("voice format number out of range");
        return (int) n;
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    private static final class IncomingVoice {
        final String name;
        final Wav.Format format;
        final TreeMap<Integer, byte[]> frames = new TreeMap<>();
        long delaySum;
        long delayMax;

        IncomingVoice(String name, Wav.Format format) {
            this.name = name;
            this.format = format;
        }
    }
}
