package connectivity.call.client;

import connectivity.call.media.Wav;
import connectivity.call.wire.CallProtocolException;
import connectivity.call.wire.WireMessage;
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
        call.send(WireMessage.of("VOICE_BEGIN", "item", item, "name", wavFile.getFileName().toString(),
                "rate", Integer.toString(fmt.sampleRate()), "channels", Integer.toString(fmt.channels()),
                "bits", Integer.toString(fmt.bitsPerSample()), "frames", Integer.toString(frames)));
        long start = System.nanoTime();
        for (int seq = 0; seq < frames; seq++) {
            // Pace like a microphone would: frame n leaves at n * 20 ms.
            long due = start + TimeUnit.MILLISECONDS.toNanos((long) seq * FRAME_MS);
            long wait = due - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(wait);
            int from = seq * frameBytes;
            byte[] body = Arrays.copyOfRange(pcm, from, Math.min(pcm.length, from + frameBytes));
            call.send(WireMessage.of("VOICE_FRAME", "item", item, "seq", Integer.toString(seq),
                    "ts", Long.toString(nowMicros())).withBody(body));
            if (seq % 50 == 49) events.transferProgress(call, "voice", seq + 1, frames);
        }
        call.send(WireMessage.of("VOICE_END", "item", item, "frames", Integer.toString(frames)));
    }

    void begin(String item, WireMessage m) throws IOException {
        Wav.Format fmt;
        try {
            fmt = new Wav.Format((int) m.getLong("channels"), (int) m.getLong("rate"), (int) m.getLong("bits"));
        } catch (IllegalArgumentException e) {
            throw new CallProtocolException("bad voice format: " + e.getMessage());
        }
        voices.put(item, new IncomingVoice(Call.safeName(m.get("name")), fmt));
    }

    void frame(String item, WireMessage m) throws IOException {
        IncomingVoice v = voices.get(item);
        if (v == null) throw new CallProtocolException("voice frame for an unknown stream");
        long delayMicros = nowMicros() - m.getLong("ts");
        v.frames.put((int) m.getLong("seq"), m.body());
        v.delaySum += delayMicros;
        v.delayMax = Math.max(v.delayMax, delayMicros);
    }

    /** Writes the WAV; returns what arrived and its ACK. */
    Finished end(String item, WireMessage m) throws IOException {
        IncomingVoice v = voices.remove(item);
        if (v == null) throw new CallProtocolException("end of an unknown voice stream");
        int frames = (int) m.getLong("frames");
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
        WireMessage ack = WireMessage.of("ACK", "item", item, "kind", "voice", "name", v.name, "ok", Boolean.toString(lost == 0),
                "detail", String.format("%d frames, %d lost, one-way delay avg %d ms max %d ms", frames, lost, avgMs,
                        v.delayMax / 1000));
        return new Finished(new Delivery("voice", v.name, lost == 0, detail), ack);
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
