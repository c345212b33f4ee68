package connectivity.call.client;

import connectivity.net.support.AtomicFiles;
import connectivity.call.crypto.AuthenticationFailedException;
import connectivity.call.crypto.SecureChannel;
import connectivity.call.media.Wav;
import connectivity.call.wire.WireMessage;
import connectivity.call.wire.MessageChannel;
import connectivity.call.wire.CallProtocolException;
import connectivity.net.NetFailures;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An established call: sealed messages both ways. Chat lines are acknowledged; files stream in
 * chunks and are checked against their SHA-256 before an atomic rename; voice streams in 20 ms
 * frames stamped with sequence number and sender time, and is written out as a WAV at the end.
 * Every item gets a result from the receiver, so the sender knows what arrived intact.
 */
public final class Call {
    static final int CHUNK = 32 * 1024;
    static final int VOICE_FRAME_MS = 20;
    static final long MIN_PING_MS = 100;

    private final String id;
    private final String peer;
    private final String path;
    private final boolean outgoing;
    private final SecureChannel channel;
    private final ClientEvents events;
    private final Path saveTo;
    private final Duration keepAlive;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicBoolean hangingUp = new AtomicBoolean();
    private final AtomicLong nextItem = new AtomicLong(1);
    private final AtomicLong pingsReceived = new AtomicLong();
    private final Map<String, CompletableFuture<Delivery>> awaiting = new ConcurrentHashMap<>();
    private final List<Delivery> received = new CopyOnWriteArrayList<>();
    private final Map<String, IncomingFile> files = new ConcurrentHashMap<>();
    private final Map<String, IncomingVoice> voices = new ConcurrentHashMap<>();
    private volatile String endReason;
    private volatile Duration setupTime = Duration.ZERO;
    private volatile boolean endedNormally;
    /** Our keep-alive interval, or the peer's if shorter: both sides ping at the shorter one. */
    private volatile Duration pingEvery;
    private volatile Thread pinger;

    Call(String id, String peer, String path, boolean outgoing, SecureChannel channel, ClientEvents events, Path saveTo,
            Duration keepAlive) {
        this.id = id;
        this.peer = peer;
        this.path = path;
        this.outgoing = outgoing;
        this.channel = channel;
        this.events = events;
        this.saveTo = saveTo;
        this.keepAlive = keepAlive;
        this.pingEvery = keepAlive;
    }

    public String id() {
        return id;
    }

    public String peer() {
        return peer;
    }

    /** direct, reverse or relay. */
    public String path() {
        return path;
    }

    public boolean outgoing() {
        return outgoing;
    }

    /** From placing (or accepting) the call to the end of the handshake. */
    public Duration setupTime() {
        return setupTime;
    }

    void setupTime(Duration d) {
        setupTime = d;
    }

    /** The keep-alive interval in use: ours, or the peer's once it said it is shorter. */
    public Duration pingInterval() {
        return pingEvery;
    }

    /** Keep-alive pings heard from the peer so far. */
    long pingsReceived() {
        return pingsReceived.get();
    }

    public boolean isEnded() {
        return ended.getCount() == 0;
    }

    public String endReason() {
        return endReason;
    }

    public boolean endedNormally() {
        return endedNormally;
    }

    /** Items received from the peer during this call. */
    public List<Delivery> received() {
        return List.copyOf(received);
    }

    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    // ---- sending ----

    /** Sends a chat line; the future completes when the peer acknowledges it. */
    public CompletableFuture<Delivery> chat(String text) throws IOException {
        String item = item();
        CompletableFuture<Delivery> f = expect(item);
        channel.send(WireMessage.of("CHAT", "item", item, "text", text));
        return f;
    }

    /** Streams a file (blocking until sent); the future completes with the receiver's verdict. */
    public CompletableFuture<Delivery> sendFile(Path file) throws IOException {
        long size = Files.size(file);
        String name = file.getFileName().toString();
        String item = item();
        CompletableFuture<Delivery> f = expect(item);
        channel.send(WireMessage.of("FILE_BEGIN", "item", item, "name", name, "size", Long.toString(size)));
        MessageDigest sha = sha256();
        byte[] buf = new byte[CHUNK];
        long sent = 0;
        long reportEvery = Math.max(size / 10, 1 << 20);
        long nextReport = reportEvery;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
                byte[] chunk = java.util.Arrays.copyOf(buf, n);
                sha.update(chunk);
                channel.send(WireMessage.of("FILE_CHUNK", "item", item).withBody(chunk));
                sent += n;
                if (sent >= nextReport || sent == size) {
                    events.transferProgress(this, "sending " + name, sent, size);
                    nextReport += reportEvery;
                }
            }
        }
        channel.send(WireMessage.of("FILE_END", "item", item, "sha256", HexFormat.of().formatHex(sha.digest()),
                "size", Long.toString(sent)));
        return f;
    }

    /** Streams a PCM WAV in real time, 20 ms per frame; the future completes with the receiver's report. */
    public CompletableFuture<Delivery> sendVoice(Path wavFile) throws IOException {
        Wav.Audio audio = voice(wavFile);
        Wav.Format fmt = audio.format();
        int frameBytes = fmt.bytesPer(VOICE_FRAME_MS);
        String item = item();
        CompletableFuture<Delivery> f = expect(item);
        byte[] pcm = audio.pcm();
        int frames = (pcm.length + frameBytes - 1) / frameBytes;
        channel.send(WireMessage.of("VOICE_BEGIN", "item", item, "name", wavFile.getFileName().toString(),
                "rate", Integer.toString(fmt.sampleRate()), "channels", Integer.toString(fmt.channels()),
                "bits", Integer.toString(fmt.bitsPerSample()), "frames", Integer.toString(frames)));
        long start = System.nanoTime();
        for (int seq = 0; seq < frames; seq++) {
            // Pace like a microphone would: frame n leaves at n * 20 ms.
            long due = start + TimeUnit.MILLISECONDS.toNanos((long) seq * VOICE_FRAME_MS);
            long wait = due - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(wait);
            int from = seq * frameBytes;
            byte[] body = java.util.Arrays.copyOfRange(pcm, from, Math.min(pcm.length, from + frameBytes));
            channel.send(WireMessage.of("VOICE_FRAME", "item", item, "seq", Integer.toString(seq),
                    "ts", Long.toString(nowMicros())).withBody(body));
            if (seq % 50 == 49) events.transferProgress(this, "voice", seq + 1, frames);
        }
        channel.send(WireMessage.of("VOICE_END", "item", item, "frames", Integer.toString(frames)));
        return f;
    }

    /** Reads a WAV file and checks that it can be streamed in 20 ms frames; the message names what is wrong. */
    public static Wav.Audio voice(Path wavFile) throws IOException {
        Wav.Audio audio = Wav.parse(Files.readAllBytes(wavFile));
        int frameBytes = audio.format().bytesPer(VOICE_FRAME_MS);
        if (frameBytes <= 0 || frameBytes > CHUNK) {
            throw new Wav.WavException("unsupported WAV format (" + audio.format() + "): a 20 ms frame must fit in "
                    + CHUNK / 1024 + " KiB");
        }
        return audio;
    }

    /** Says goodbye and waits (bounded) for the peer to close its side. */
    public void hangup() {
        if (isEnded() || !hangingUp.compareAndSet(false, true)) return;
        try {
            channel.send(WireMessage.of("BYE"));
            channel.connection().shutdownOutput();
            if (!ended.await(5, TimeUnit.SECONDS)) end("you hung up", true);
        } catch (IOException e) {
            end("you hung up", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end("you hung up", true);
        }
    }

    private String item() {
        return Long.toString(nextItem.getAndIncrement());
    }

    private CompletableFuture<Delivery> expect(String item) {
        CompletableFuture<Delivery> f = new CompletableFuture<>();
        awaiting.put(item, f);
        return f;
    }

    // ---- receiving ----

    /** Reads until the call ends; runs on the thread that owns the connection. */
    void run() {
        try {
            // Both sides ping, so two intervals without a byte means the peer's host is gone (no FIN, no RST).
            channel.connection().readTimeout(silenceLimit());
            pinger = Thread.ofVirtual().name("call-ping-" + id).start(this::pingLoop);
            while (true) {
                WireMessage m = channel.receive();
                if (m == null) {
                    if (hangingUp.get()) end("you hung up", true);
                    else end(lostPeer(), false);
                    return;
                }
                if (m.is("BYE")) {
                    end(peer + " hung up", true);
                    return;
                }
                handle(m);
            }
        } catch (AuthenticationFailedException e) {
            end("message authentication failed", false);
        } catch (MessageChannel.RemoteRefusal e) {
            end(e.getMessage(), false);
        } catch (CallProtocolException e) {
            end("protocol error: " + e.getMessage(), false);
        } catch (SocketTimeoutException e) {
            if (hangingUp.get()) end("you hung up", true);
            else end(peer + " stopped answering (no data for " + seconds(silenceLimit()) + ")", false);
        } catch (IOException e) {
            if (hangingUp.get()) end("you hung up", true);
            else end(abrupt(e) ? lostPeer() : NetFailures.describe(e, Duration.ZERO), false);
        } finally {
            cleanUpPartials();
        }
    }

    private void handle(WireMessage m) throws IOException {
        if (m.is("PING")) {
            pingsReceived.incrementAndGet();
            adoptPeerInterval(m.getLong("every-ms"));
            return;
        }
        String item = m.get("item");
        switch (m.type()) {
            case "CHAT" -> {
                events.chat(this, m.get("text"));
                channel.send(WireMessage.of("ACK", "item", item, "kind", "chat", "ok", "true"));
            }
            case "ACK" -> {
                Delivery d = new Delivery(m.get("kind"), m.get("name", ""), Boolean.parseBoolean(m.get("ok")), m.get("detail", ""));
                CompletableFuture<Delivery> f = awaiting.remove(item);
                if (f != null) f.complete(d);
                if (!d.kind().equals("chat")) events.delivered(this, d);
            }
            case "FILE_BEGIN" -> {
                String name = safeName(m.get("name"));
                long size = m.getLong("size");
                Files.createDirectories(saveTo);
                Path tmp = Files.createTempFile(saveTo, "." + name + ".", ".part");
                files.put(item, new IncomingFile(name, size, tmp,
                        new DigestOutputStream(Files.newOutputStream(tmp), sha256())));
            }
            case "FILE_CHUNK" -> {
                IncomingFile f = files.get(item);
                if (f == null) throw new CallProtocolException("chunk for an unknown file");
                f.out.write(m.body());
                f.received += m.body().length;
                if (f.received > f.size) throw new CallProtocolException("file " + f.name + " is longer than announced");
                if (f.received >= f.nextReport || f.received == f.size) {
                    events.transferProgress(this, "receiving " + f.name, f.received, f.size);
                    f.nextReport += Math.max(f.size / 10, 1 << 20);
                }
            }
            case "FILE_END" -> finishFile(item, m);
            case "VOICE_BEGIN" -> {
                Wav.Format fmt;
                try {
                    fmt = new Wav.Format((int) m.getLong("channels"), (int) m.getLong("rate"), (int) m.getLong("bits"));
                } catch (IllegalArgumentException e) {
                    throw new CallProtocolException("bad voice format: " + e.getMessage());
                }
                voices.put(item, new IncomingVoice(safeName(m.get("name")), fmt));
            }
            case "VOICE_FRAME" -> {
                IncomingVoice v = voices.get(item);
                if (v == null) throw new CallProtocolException("voice frame for an unknown stream");
                long delayMicros = nowMicros() - m.getLong("ts");
                v.frames.put((int) m.getLong("seq"), m.body());
                v.delaySum += delayMicros;
                v.delayMax = Math.max(v.delayMax, delayMicros);
            }
            case "VOICE_END" -> finishVoice(item, m);
            default -> throw new CallProtocolException("unexpected " + m.type() + " during a call");
        }
    }

    private void finishFile(String item, WireMessage m) throws IOException {
        IncomingFile f = files.remove(item);
        if (f == null) throw new CallProtocolException("end of an unknown file");
        f.out.close();
        String actual = HexFormat.of().formatHex(f.out.getMessageDigest().digest());
        boolean ok = f.received == f.size && actual.equals(m.get("sha256"));
        String detail;
        if (ok) {
            Path target = saveTo.resolve(f.name);
            AtomicFiles.replace(f.tmp, target);
            detail = f.size + " bytes, sha256 ok, saved " + target;
        } else {
            Files.deleteIfExists(f.tmp);
            detail = f.received != f.size ? "got " + f.received + " of " + f.size + " bytes" : "sha256 mismatch";
        }
        Delivery d = new Delivery("file", f.name, ok, detail);
        received.add(d);
        events.received(this, d);
        channel.send(WireMessage.of("ACK", "item", item, "kind", "file", "name", f.name, "ok", Boolean.toString(ok),
                "detail", ok ? f.size + " bytes, sha256 ok" : detail));
    }

    private void finishVoice(String item, WireMessage m) throws IOException {
        IncomingVoice v = voices.remove(item);
        if (v == null) throw new CallProtocolException("end of an unknown voice stream");
        int frames = (int) m.getLong("frames");
        int frameBytes = v.format.bytesPer(VOICE_FRAME_MS);
        java.io.ByteArrayOutputStream pcm = new java.io.ByteArrayOutputStream();
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
                frames, VOICE_FRAME_MS, lost, avgMs, v.delayMax / 1000, target);
        Delivery d = new Delivery("voice", v.name, lost == 0, detail);
        received.add(d);
        events.received(this, d);
        channel.send(WireMessage.of("ACK", "item", item, "kind", "voice", "name", v.name, "ok", Boolean.toString(lost == 0),
                "detail", String.format("%d frames, %d lost, one-way delay avg %d ms max %d ms", frames, lost, avgMs,
                        v.delayMax / 1000)));
    }

    // ---- keep-alive ----

    /** Sends a PING at once (it carries our interval) and then every {@link #pingEvery} until the call ends. */
    private void pingLoop() {
        long last = System.nanoTime();
        boolean first = true;
        while (!isEnded() && !hangingUp.get()) {
            long wait = last + pingEvery.toNanos() - System.nanoTime();
            if (!first && wait > 0) {
                LockSupport.parkNanos(this, wait); // a timer: woken early when the interval shrinks or the call ends
                continue;
            }
            try {
                channel.send(WireMessage.of("PING", "every-ms", Long.toString(keepAlive.toMillis())));
            } catch (IOException e) {
                return; // the reader notices the broken connection and ends the call
            }
            last = System.nanoTime();
            first = false;
        }
    }

    /** Both sides settle on the shorter interval, so each hears from the other as often as it expects. */
    private void adoptPeerInterval(long peerMs) throws IOException {
        // A floor keeps a misconfigured peer from making us flood the path with pings.
        Duration theirs = Duration.ofMillis(Math.max(peerMs, MIN_PING_MS));
        if (theirs.compareTo(pingEvery) >= 0) return;
        pingEvery = theirs;
        channel.connection().readTimeout(silenceLimit());
        Thread p = pinger;
        if (p != null) LockSupport.unpark(p);
    }

    private Duration silenceLimit() {
        return pingEvery.multipliedBy(2);
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /**
     * The peer's stream stopped without a BYE. Whether the kernel of a killed peer sends a FIN or a
     * RST depends on unread data in its buffers, so both read the same to the user.
     */
    private String lostPeer() {
        return "connection reset (" + peer + " went away without hanging up)";
    }

    private static boolean abrupt(IOException e) {
        if (e instanceof java.io.EOFException) return true;
        String m = String.valueOf(e.getMessage()).toLowerCase();
        return e instanceof java.net.SocketException && (m.contains("reset") || m.contains("broken pipe"));
    }

    private void end(String reason, boolean normal) {
        if (ended.getCount() == 0) return;
        synchronized (this) {
            if (ended.getCount() == 0) return;
            endReason = reason;
            endedNormally = normal;
            channel.close();
            ended.countDown();
        }
        Thread p = pinger;
        if (p != null) LockSupport.unpark(p);
        for (CompletableFuture<Delivery> f : awaiting.values()) f.completeExceptionally(new IOException("call ended: " + reason));
        events.ended(this, reason, normal);
    }

    private void cleanUpPartials() {
        for (IncomingFile f : files.values()) {
            try {
                f.out.close();
                Files.deleteIfExists(f.tmp);
            } catch (IOException ignored) {
                // best effort
            }
        }
        files.clear();
    }

    /** Only a plain file name: the peer may not choose where on our disk things land. */
    static String safeName(String name) throws CallProtocolException {
        String base = name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        if (base.isEmpty() || base.equals(".") || base.equals("..") || base.startsWith(".") || base.length() > 200
                || base.chars().anyMatch(ch -> ch < 32)) {
            throw new CallProtocolException("refusing unsafe file name");
        }
        return base;
    }

    private static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class IncomingFile {
        final String name;
        final long size;
        final Path tmp;
        final DigestOutputStream out;
        long received;
        long nextReport;

        IncomingFile(String name, long size, Path tmp, DigestOutputStream out) {
            this.name = name;
            this.size = size;
            this.tmp = tmp;
            this.out = out;
            this.nextReport = Math.max(size / 10, 1 << 20);
        }
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
