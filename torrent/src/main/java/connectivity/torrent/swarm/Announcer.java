package connectivity.torrent.swarm;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the swarm finds peers and reports its progress. Three sources, combined: the peer source (the
 * tracker), announced to at the interval it asks for, sooner while we are alone and unfinished, and told
 * "completed" and "stopped" when they happen; the peers given by hand, dialled and redialled with backoff
 * whatever the tracker does (a tracker failure is only reported); and the peers other peers told us of (PEX,
 * {@link LearnedPeers}), dialled while there is room, a few times each at most. The peers go to the {@link Connector}.
 */
final class Announcer {
    private static final Logger log = LoggerFactory.getLogger(Announcer.class);
    private static final Duration ALONE_RETRY_FIRST = Duration.ofMillis(250), ALONE_RETRY_MAX = Duration.ofSeconds(8);
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(15);

    private final SwarmState st;
    private final PeerSource source;
    private final Connector connector;
    private final PieceCompletion completion;
    private final BooleanSupplier alone;
    private final HandGivenPeers handGiven;
    private final LearnedPeers learned;
    private final Semaphore wake = new Semaphore(0);
    private volatile PeerSource.Event pendingEvent;
    /** The tracker has heard "completed" (if it has not when we stop, it hears it before "stopped"). */
    private volatile boolean completedAnnounced;

    /** {@code alone}: no peer connected and none being dialled. */
    Announcer(SwarmState st, PeerSource source, Connector connector, PieceCompletion completion, BooleanSupplier alone) {
        this.st = st;
        this.source = source;
        this.connector = connector;
        this.completion = completion;
        this.alone = alone;
        this.handGiven = new HandGivenPeers(st.config.redialFirst(), st.config.redialMax());
        this.learned = new LearnedPeers(st.config.maxLearnedPeers(), st.config.redialFirst(), st.config.redialMax());
    }

    /** Peers given by hand: dialled now, and again while they are not connected. */
    void given(List<InetSocketAddress> peers) {
        connector.connectTo(handGiven.add(peers, st.now()));
    }

    /** Peers a peer at {@code source} told us of (PEX): kept within its share, and dialled now as far as there is room. */
    void learned(InetAddress source, List<InetSocketAddress> peers) {
        long now = st.now();
        if (learned.learn(source, peers, now) > 0) dialLearned(now);
    }

    /** Called every tick: dials the hand-given peers whose wait is over, and learned ones while there is room. */
    void redial(long now) {
        if (st.closed()) return;
        List<InetSocketAddress> due = handGiven.due(now, connector::connectedOrDialing);
        if (!due.isEmpty()) connector.connectTo(due);
        dialLearned(now);
    }

    private void dialLearned(long now) {
        if (st.closed()) return;
        int room = connector.room();
        if (room <= 0) return;
        Set<String> banned = completion.banned();
        List<InetSocketAddress> due = learned.due(now, room, a -> connector.connectedOrDialing(a) || LearnedPeers.bannedAt(banned, a));
        if (!due.isEmpty()) connector.connectTo(due);
    }

    /** The download completed: the source hears of it now. */
    void completed() {
        pendingEvent = PeerSource.Event.COMPLETED;
        wake.release();
    }

    /** Announces until the swarm closes. */
    void run() {
        PeerSource.Event event = PeerSource.Event.STARTED;
        Duration aloneRetry = ALONE_RETRY_FIRST;
        while (!st.closed()) {
            Duration wait;
            try {
                PeerSource.Response r = source.announce(event, stats());
                if (event == PeerSource.Event.COMPLETED) completedAnnounced = true;
                event = PeerSource.Event.NONE;
                wait = r.interval();
                connector.connectTo(r.peers());
            } catch (IOException e) {
                if (st.closed()) return; // cut short by close(), which tells the tracker itself
                st.events.trackerFailed(e.getMessage() == null ? e.toString() : e.getMessage());
                wait = RETRY_AFTER_FAILURE;
            } catch (RuntimeException e) {
                log.warn("announce failed", e);
                wait = RETRY_AFTER_FAILURE;
            }
            if (!completion.isComplete() && alone.getAsBoolean()) {
                // Alone and unfinished (say, the first of a swarm to start): ask again soon, backing off.
                if (wait.compareTo(aloneRetry) > 0) wait = aloneRetry;
                aloneRetry = aloneRetry.multipliedBy(2).compareTo(ALONE_RETRY_MAX) > 0 ? ALONE_RETRY_MAX : aloneRetry.multipliedBy(2);
            } else {
                aloneRetry = ALONE_RETRY_FIRST;
            }
            try {
                wake.tryAcquire(Math.max(200, wait.toMillis()), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            PeerSource.Event pending = pendingEvent;
            if (pending != null) {
                pendingEvent = null;
                event = pending;
            }
        }
    }

    /** On close: tells the source we stopped (and completed, if it has not heard), waiting at most {@code grace}. */
    void stopped(Duration grace) {
        Thread stopped = Thread.ofVirtual().start(() -> {
            try {
                // Stopping just after finishing (get --no-seed) cuts the "completed" announce short: send it now.
                if (completion.isComplete() && !completion.wasCompleteAtStart() && !completedAnnounced) {
                    source.announce(PeerSource.Event.COMPLETED, stats());
                }
                source.announce(PeerSource.Event.STOPPED, stats());
            } catch (IOException | RuntimeException e) {
                log.debug("stopped announce failed: {}", e.toString());
            } finally {
                source.close();
            }
        });
        try {
            stopped.join(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private PeerSource.Stats stats() {
        synchronized (st.lock) {
            return new PeerSource.Stats(st.up.total(), st.down.total(), st.layout.totalLength() - completion.bytesDone(),
                    connector.port(), st.ourId.clone());
        }
    }
}
