package connectivity.torrent.tracker;

import connectivity.torrent.bencode.BBytes;
import connectivity.torrent.bencode.BDict;
import connectivity.torrent.bencode.BList;
import connectivity.torrent.bencode.BValue;
import connectivity.torrent.bencode.Bencode;
import connectivity.torrent.meta.InfoHash;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The tracker's logic as pure functions from (query bytes, remote address) to bencoded response bytes,
 * independent of any HTTP server. A bad request gets a {@code failure reason}, never an exception.
 */
public final class Tracker {
    public static final int MAX_SCRAPE_HASHES = 100;
    /** What a client hears while a shared store is unreachable; it retries, and the store has logged why. */
    public static final String STORE_UNAVAILABLE = "tracker storage unavailable, try again later";

    private final SwarmStore store;
    private final TrackerConfig config;
    private final Clock clock;

    public Tracker(SwarmStore store, TrackerConfig config, Clock clock) {
        this.store = Objects.requireNonNull(store);
        this.config = Objects.requireNonNull(config);
        this.clock = Objects.requireNonNull(clock);
    }

    public TrackerConfig config() {
        return config;
    }

    public SwarmStore store() {
        return store;
    }

    /** Answers {@code /announce?<rawQuery>} from {@code remote}. */
    public byte[] announce(byte[] rawQuery, InetAddress remote) {
        try {
            return announceOrThrow(QueryString.parse(rawQuery), remote);
        } catch (TrackerRequestException e) {
            return failure(e.getMessage());
        }
    }

    /** Answers {@code /scrape?<rawQuery>}. */
    public byte[] scrape(byte[] rawQuery, InetAddress remote) {
        try {
            return scrapeOrThrow(QueryString.parse(rawQuery));
        } catch (TrackerRequestException e) {
            return failure(e.getMessage());
        } catch (SwarmStoreUnavailableException e) {
            return full(STORE_UNAVAILABLE);
        }
    }

    /** Drops peers that stopped announcing; call about once an interval. Throws SwarmStoreUnavailableException. */
    public int purgeExpired() {
        return store.purge(expiredBefore(clock.instant()));
    }

    public static byte[] failure(String reason) {
        return Bencode.encode(BDict.builder().put("failure reason", reason).build());
    }

    /** A refusal for a full tracker, with BEP 31's {@code retry in} (minutes) so clients do not hammer it. */
    private byte[] full(String reason) {
        long minutes = Math.max(1, (config.minInterval().toSeconds() + 59) / 60);
        return Bencode.encode(BDict.builder().put("failure reason", reason).put("retry in", minutes).build());
    }

    private Instant expiredBefore(Instant now) {
        return now.minus(config.expiry());
    }

    /**
     * An announce already parsed, from either transport.
     *
     * @param numwant peers asked for; empty for the tracker's default
     * @param ip the address the client asks to be listed at, honoured only from loopback or private networks
     * @param key the client's {@code key} (empty if none)
     */
    public record Announce(InfoHash hash, byte[] peerId, int port, long left, AnnounceEvent event, OptionalInt numwant,
            Optional<InetAddress> ip, byte[] key) {
        public Announce {
            Objects.requireNonNull(hash);
            peerId = peerId.clone();
            Objects.requireNonNull(event);
            Objects.requireNonNull(numwant);
            Objects.requireNonNull(ip);
            key = key.clone();
        }
    }

    /** What an announce got: the swarm and the peers to hand out, or a refusal with its reason. */
    public sealed interface Answer {
        record Served(SwarmStore.SwarmStats stats, PeerSample peers) implements Answer {
            public Served {
                Objects.requireNonNull(stats);
                Objects.requireNonNull(peers);
            }
        }

        /**
         * @param full refused because a {@link TrackerLimits} limit was reached or the store is unreachable (the
         *     client should retry later)
         */
        record Refused(String reason, boolean full) implements Answer {}
    }

    /**
     * Applies the tracker's rules (allow-list, peer id, port, numwant cap, limits) to a parsed announce, handing out
     * peers of the {@code families} the reply can carry.
     */
    public Answer announce(Announce a, InetAddress remote, SwarmStore.Families families) {
        if (!config.allows(a.hash())) return new Answer.Refused("info_hash is not on this tracker's allow-list", false);
        if (a.peerId().length != 20) return new Answer.Refused("invalid peer_id: expected 20 bytes, got " + a.peerId().length, false);
        if (a.port() < 1 || a.port() > 65535) return new Answer.Refused("invalid port: " + a.port(), false);
        int numwant = Math.max(0, Math.min(config.maxNumwant(), a.numwant().orElse(config.defaultNumwant())));
        InetAddress address = a.ip().isPresent() && mayNameAnotherAddress(remote) ? a.ip().get() : remote;
        Instant now = clock.instant();
        PeerRecord peer = new PeerRecord(a.peerId(), address, a.port(), a.left() == 0, now, a.key());
        SwarmStore.AnnounceOutcome outcome;
        try {
            outcome = store.announce(a.hash(), peer, a.event(), expiredBefore(now), numwant, families, config.limits());
        } catch (SwarmStoreUnavailableException e) {
            return new Answer.Refused(STORE_UNAVAILABLE, true);
        }
        if (outcome.full().isPresent()) return new Answer.Refused(outcome.full().get().reason(config.limits()), true);
        return new Answer.Served(outcome.stats(), outcome.peers());
    }

    /**
     * A swarm's counts for a scrape; empty for a hash the allow-list does not serve.
     *
     * @throws SwarmStoreUnavailableException when a shared store cannot be reached
     */
    public Optional<SwarmStore.SwarmStats> scrape(InfoHash hash) {
        if (!config.allows(hash)) return Optional.empty();
        return Optional.of(store.stats(hash, expiredBefore(clock.instant())));
    }

    private byte[] announceOrThrow(QueryString q, InetAddress remote) throws TrackerRequestException {
        InfoHash hash = infoHash(q.first("info_hash").orElseThrow(() -> new TrackerRequestException("missing info_hash")));
        byte[] peerId = q.first("peer_id").orElseThrow(() -> new TrackerRequestException("missing peer_id"));
        long port = q.number("port");
        if (port < 1 || port > 65535) throw new TrackerRequestException("invalid port: " + port);
        q.optionalNumber("uploaded");
        q.optionalNumber("downloaded");
        long left = q.number("left");
        AnnounceEvent event = AnnounceEvent.NONE;
        Optional<String> eventText = q.text("event");
        if (eventText.isPresent()) {
            event = AnnounceEvent.parse(eventText.get()).orElseThrow(() -> new TrackerRequestException("invalid event: expected started, completed or stopped"));
        }
        Optional<Long> numwantAsked = q.optionalNumber("numwant");
        OptionalInt numwant = numwantAsked.isPresent() ? OptionalInt.of((int) Math.min(Integer.MAX_VALUE, numwantAsked.get())) : OptionalInt.empty();
        boolean compact = !q.text("compact").orElse("1").equals("0");
        boolean noPeerId = q.text("no_peer_id").orElse("0").equals("1");
        Optional<InetAddress> ip = mayNameAnotherAddress(remote) ? literalIp(q) : Optional.empty();
        byte[] key = q.first("key").orElse(new byte[0]);

        Answer answer = announce(new Announce(hash, peerId, (int) port, left, event, numwant, ip, key), remote, SwarmStore.Families.BOTH);
        if (answer instanceof Answer.Refused r) {
            if (r.full()) return full(r.reason());
            throw new TrackerRequestException(r.reason());
        }
        Answer.Served outcome = (Answer.Served) answer;
        BDict.Builder b = BDict.builder()
                .put("interval", config.interval().toSeconds())
                .put("min interval", config.minInterval().toSeconds())
                .put("complete", outcome.stats().complete())
                .put("incomplete", outcome.stats().incomplete());
        if (compact) {
            b.put("peers", outcome.peers().compact(false));
            if (outcome.peers().compactLength(true) > 0) b.put("peers6", outcome.peers().compact(true));
        } else {
            List<BValue> list = new ArrayList<>(outcome.peers().size());
            for (PeerRecord p : outcome.peers().records()) {
                BDict.Builder d = BDict.builder().put("ip", p.address().getHostAddress()).put("port", p.port());
                if (!noPeerId) d.put("peer id", p.peerId());
                list.add(d.build());
            }
            b.put("peers", new BList(list));
        }
        return Bencode.encode(b.build());
    }

    private byte[] scrapeOrThrow(QueryString q) throws TrackerRequestException {
        List<byte[]> hashes = q.all("info_hash");
        if (hashes.isEmpty()) throw new TrackerRequestException("scrape needs at least one info_hash");
        if (hashes.size() > MAX_SCRAPE_HASHES) throw new TrackerRequestException("at most " + MAX_SCRAPE_HASHES + " info_hash values per scrape");
        Instant cutoff = expiredBefore(clock.instant());
        Map<BBytes, BValue> files = new LinkedHashMap<>();
        for (byte[] raw : hashes) {
            InfoHash hash = infoHash(raw);
            if (!config.allows(hash)) continue;
            SwarmStore.SwarmStats s = store.stats(hash, cutoff);
            files.put(BBytes.of(raw), BDict.builder()
                    .put("complete", s.complete())
                    .put("incomplete", s.incomplete())
                    .put("downloaded", s.downloaded())
                    .build());
        }
        return Bencode.encode(BDict.builder().put("files", new BDict(files)).build());
    }

    private static InfoHash infoHash(byte[] raw) throws TrackerRequestException {
        if (raw.length != InfoHash.LENGTH) throw new TrackerRequestException("invalid info_hash: expected 20 bytes, got " + raw.length);
        return new InfoHash(raw);
    }

    /**
     * A client's own idea of its address is honoured only from loopback or private networks (a client behind
     * the same NAT); elsewhere it would let anyone point a swarm at a third party.
     */
    private static boolean mayNameAnotherAddress(InetAddress remote) {
        return remote.isLoopbackAddress() || remote.isSiteLocalAddress() || remote.isLinkLocalAddress();
    }

    /** The {@code ip} parameter, which must be a literal IPv4 or IPv6 address (never a name to look up). */
    private static Optional<InetAddress> literalIp(QueryString q) throws TrackerRequestException {
        Optional<String> ip = q.text("ip");
        if (ip.isEmpty()) return Optional.empty();
        Optional<InetAddress> a = IpLiteral.parse(ip.get());
        if (a.isPresent()) return a;
        throw new TrackerRequestException("invalid ip: expected a literal IPv4 or IPv6 address");
    }
}
