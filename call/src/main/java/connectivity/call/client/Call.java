package connectivity.call.client;

import connectivity.call.crypto.AuthenticationFailedException;
import connectivity.call.crypto.SecureChannel;
import connectivity.call.media.Wav;
import connectivity.call.wire.InCallMessage;
import connectivity.net.support.Durations;
import connectivity.call.wire.MessageChannel;
import connectivity.call.wire.CallProtocolException;
import connectivity.net.NetFailures;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An established call: its lifecycle (run, hang up, end) and the dispatch of sealed messages to
 * chat, {@link FileTransfer}, {@link VoiceStream} and {@link KeepAlive}. Every item gets a result
 * from the receiver, so the sender knows what arrived intact.
 */
public final class Call implements CallChannel.Events {
    private final String id;
    private final String peer;
    private final String path;
    private final boolean outgoing;
    private final CallChannel channel;
    private final long startedNanos = System.nanoTime();
    private volatile PathWatcher watcher = (call, to, upgrade) -> { };
    private final ClientEvents events;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicBoolean hangingUp = new AtomicBoolean();
    private final AtomicLong nextItem = new AtomicLong(1);
    private final Map<String, CompletableFuture<Delivery>> awaiting = new ConcurrentHashMap<>();
    private final List<Delivery> received = new CopyOnWriteArrayList<>();
    private final KeepAlive keepAlive;
    private final FileTransfer files;
    private final VoiceStream voice;
    private volatile byte[] peerKey;
    private volatile String endReason;
    private volatile Duration setupTime = Duration.ZERO;
    private volatile boolean endedNormally;

    Call(String id, String peer, String path, boolean outgoing, SecureChannel channel, ClientEvents events, Path saveTo,
            Duration keepAliveInterval) {
        this.id = id;
        this.peer = peer;
        this.path = path;
        this.outgoing = outgoing;
        this.channel = new CallChannel(Link.of(channel, path), this);
        this.events = events;
        this.keepAlive = new KeepAlive(this, keepAliveInterval);
        this.files = new FileTransfer(this, events, saveTo);
        this.voice = new VoiceStream(this, events, saveTo);
    }

    public String id() {
        return id;
    }

    public String peer() {
        return peer;
    }

    /** The path the call started on: direct, reverse or relay. */
    public String path() {
        return path;
    }

    /** The path the call sends on now (it may have moved from the relay to a direct path and back). */
    public String currentPath() {
        return channel.path();
    }

    /** Where the transport in use leads (for a relayed call, the relay). */
    java.net.InetSocketAddress remote() {
        return channel.remote();
    }

    /** The peer's identity key, vouched for by the rendezvous: a later path's handshake must show it too. */
    byte[] peerKey() {
        return peerKey;
    }

    void peerKey(byte[] key) {
        peerKey = key;
    }

    /** Transports held: the one in use and any spare kept to fall back on. */
    int links() {
        return channel.links();
    }

    /** Who hears that the call moved between paths (the {@link Upgrader}). */
    void watchPaths(PathWatcher w) {
        watcher = w;
    }

    /** Told when the call moves between paths. */
    @FunctionalInterface
    interface PathWatcher {
        void moved(Call call, String to, boolean upgrade);
    }

    /**
     * A second authenticated channel for this call (same keys, same call id): the call sends on it from now on,
     * at a record boundary, and keeps the one it had as a spare to fall back on.
     */
    void upgrade(SecureChannel direct, String path) throws IOException {
        channel.add(Link.of(direct, path), true);
    }

    /** The time since the call was established. */
    Duration age() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    @Override
    public void moved(Link from, Link to, boolean upgrade) {
        events.switched(this, from.path(), to.path(), upgrade, age());
        watcher.moved(this, to.path(), upgrade);
    }

    @Override
    public void lostSpare(Link link, IOException why) {
        if (!isEnded() && !hangingUp.get()) events.spareLost(this, link.path(), why == null ? "closed" : why.getMessage());
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
        return keepAlive.interval();
    }

    /** Keep-alive pings heard from the peer so far. */
    long pingsReceived() {
        return keepAlive.received();
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
        send(new InCallMessage.Chat(item, text));
        return f;
    }

    /** Streams a file (blocking until sent); the future completes with the receiver's verdict. */
    public CompletableFuture<Delivery> sendFile(Path file) throws IOException {
        String item = item();
        CompletableFuture<Delivery> f = expect(item);
        files.send(item, file);
        return f;
    }

    /** Streams a PCM WAV in real time, 20 ms per frame; the future completes with the receiver's report. */
    public CompletableFuture<Delivery> sendVoice(Path wavFile) throws IOException {
        VoiceStream.check(wavFile); // before an item number is spent on it
        String item = item();
        CompletableFuture<Delivery> f = expect(item);
        voice.send(item, wavFile);
        return f;
    }

    /** Reads a WAV file and checks that it can be streamed in 20 ms frames; the message names what is wrong. */
    public static Wav.Audio voice(Path wavFile) throws IOException {
        return VoiceStream.check(wavFile);
    }

    /**
     * Every record this call sends goes through here, and every record it reads through {@link #run()}:
     * the one place where the channel under the call could be replaced at a record boundary.
     */
    void send(InCallMessage m) throws IOException {
        channel.send(m, false);
    }

    /** A reply the reader sends (an ACK): it never waits for the peer's acknowledgements, so readers never block. */
    private void reply(InCallMessage m) throws IOException {
        channel.send(m, true);
    }

    /** A keep-alive on every link the call holds. */
    void ping(InCallMessage.Ping p) {
        channel.ping(p);
    }

    /** Says goodbye and waits (bounded) for the peer to close its side. */
    public void hangup() {
        if (isEnded() || !hangingUp.compareAndSet(false, true)) return;
        try {
            reply(new InCallMessage.Bye());
            channel.shutdownOutput();
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
            channel.readTimeout(silenceLimit());
            channel.start();
            keepAlive.start();
            while (true) {
                InCallMessage m = channel.receive();
                if (m == null) {
                    if (hangingUp.get()) end("you hung up", true);
                    else end(lostPeer(), false);
                    return;
                }
                if (m instanceof InCallMessage.Bye) {
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
            else end(peer + " stopped answering (no data for " + Durations.words(silenceLimit()) + ")", false);
        } catch (IOException e) {
            if (hangingUp.get()) end("you hung up", true);
            else end(abrupt(e) ? lostPeer() : NetFailures.describe(e, Duration.ZERO), false);
        } finally {
            files.cleanUp();
        }
    }

    private void handle(InCallMessage m) throws IOException {
        switch (m) {
            case InCallMessage.Ping p -> keepAlive.onPing(p.everyMillis());
            case InCallMessage.Bye b -> throw new IllegalStateException("BYE is handled by the reader");
            case InCallMessage.Got g -> throw new IllegalStateException("GOT is the channel's");
            case InCallMessage.Resume r -> throw new IllegalStateException("RESUME is the channel's");
            case InCallMessage.Chat c -> {
                events.chat(this, c.text());
                reply(new InCallMessage.Ack(c.item(), "chat", null, true, null));
            }
            case InCallMessage.Ack a -> {
                Delivery d = new Delivery(a.kind(), Objects.requireNonNullElse(a.name(), ""), a.ok(),
                        Objects.requireNonNullElse(a.detail(), ""));
                CompletableFuture<Delivery> f = awaiting.remove(a.item());
                if (f != null) f.complete(d);
                if (!d.kind().equals("chat")) events.delivered(this, d);
            }
            case InCallMessage.FileBegin b -> files.begin(b);
            case InCallMessage.FileChunk c -> files.chunk(c);
            case InCallMessage.FileEnd e -> finished(files.end(e));
            case InCallMessage.VoiceBegin b -> voice.begin(b);
            case InCallMessage.VoiceFrame f -> voice.frame(f);
            case InCallMessage.VoiceEnd e -> finished(voice.end(e));
        }
    }

    /** Recorded and reported before the ACK leaves, so a sender that saw the ACK finds it in {@link #received()}. */
    private void finished(Finished f) throws IOException {
        received.add(f.delivery());
        events.received(this, f.delivery());
        reply(f.ack());
    }

    /** The keep-alive's interval changed: the reader's silence limit follows it. */
    void silenceLimitChanged() throws IOException {
        channel.readTimeout(silenceLimit());
    }

    boolean hangingUp() {
        return hangingUp.get();
    }

    private Duration silenceLimit() {
        return keepAlive.silenceLimit();
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
        keepAlive.wake();
        for (CompletableFuture<Delivery> f : awaiting.values()) f.completeExceptionally(new IOException("call ended: " + reason));
        events.ended(this, reason, normal);
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
}
