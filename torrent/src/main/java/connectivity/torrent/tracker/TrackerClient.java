package connectivity.torrent.tracker;

import connectivity.torrent.bencode.BBytes;
import connectivity.torrent.bencode.BDict;
import connectivity.torrent.bencode.BInt;
import connectivity.torrent.bencode.BList;
import connectivity.torrent.bencode.BValue;
import connectivity.torrent.bencode.Bencode;
import connectivity.torrent.bencode.BencodeException;
import connectivity.torrent.meta.InfoHash;
import connectivity.torrent.tracker.udp.UdpTrackerClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;

/**
 * Announces to and scrapes HTTP and UDP (BEP 15) trackers. Tiers of an announce-list are tried in order (BEP 12),
 * whatever their URLs' schemes: the URLs of a tier are shuffled once, and a tracker that answers moves to the front
 * of its tier.
 */
public final class TrackerClient implements AutoCloseable {
    private final List<List<String>> tiers;
    private final AnnounceTransport transport;
    private final UdpTrackerClient udp;

    public TrackerClient(List<List<String>> tiers, AnnounceTransport transport, UdpTrackerClient udp, Random random) {
        this.transport = Objects.requireNonNull(transport);
        this.udp = Objects.requireNonNull(udp);
        List<List<String>> copy = new ArrayList<>();
        for (List<String> tier : tiers) {
            List<String> t = new ArrayList<>(tier);
            Collections.shuffle(t, random);
            if (!t.isEmpty()) copy.add(t);
        }
        this.tiers = copy;
    }

    /** UDP trackers through a client of BEP 15's timings as {@link connectivity.torrent.tracker.udp.UdpTimings#DEFAULT} has them. */
    public TrackerClient(List<List<String>> tiers, AnnounceTransport transport, Random random) {
        this(tiers, transport, new UdpTrackerClient(), random);
    }

    public TrackerClient(List<List<String>> tiers, AnnounceTransport transport) {
        this(tiers, transport, new Random());
    }

    /** Closes the UDP socket, if one was opened (the HTTP transport belongs to the caller). */
    @Override
    public void close() {
        udp.close();
    }

    /** The tiers in their current order (after shuffling and promotions). */
    public synchronized List<List<String>> tiers() {
        return tiers.stream().map(List::copyOf).toList();
    }

    /** Announces to the first tracker that answers; throws with the last problem if none does. */
    public AnnounceResponse announce(AnnounceRequest request) throws TrackerException {
        String lastProblem = "no trackers";
        for (int t = 0; t < tierCount(); t++) {
            for (String url : tierSnapshot(t)) {
                try {
                    AnnounceResponse r = UdpTrackerClient.handles(url) ? udp.announce(url, request)
                            : parseAnnounce(url, transport.get(withQuery(url, request.query())));
                    promote(t, url);
                    return r;
                } catch (TrackerException e) {
                    lastProblem = e.getMessage();
                } catch (IOException e) {
                    lastProblem = url + ": " + describe(e);
                }
            }
        }
        throw new TrackerException(lastProblem);
    }

    /** Scrapes (BEP 48, or BEP 15 for udp://) the first tracker whose URL allows it and that answers. */
    public Map<InfoHash, SwarmStore.SwarmStats> scrape(List<InfoHash> hashes) throws TrackerException {
        StringBuilder q = new StringBuilder();
        for (InfoHash h : hashes) q.append(q.isEmpty() ? "" : "&").append("info_hash=").append(h.urlEncoded());
        String lastProblem = "no tracker supports scrape";
        for (int t = 0; t < tierCount(); t++) {
            for (String url : tierSnapshot(t)) {
                if (UdpTrackerClient.handles(url)) {
                    try {
                        return udp.scrape(url, hashes);
                    } catch (TrackerException e) {
                        lastProblem = e.getMessage();
                    }
                    continue;
                }
                Optional<String> scrapeUrl = scrapeUrl(url);
                if (scrapeUrl.isEmpty()) continue;
                try {
                    return parseScrape(url, transport.get(withQuery(scrapeUrl.get(), q.toString())));
                } catch (TrackerException e) {
                    lastProblem = e.getMessage();
                } catch (IOException e) {
                    lastProblem = url + ": " + describe(e);
                }
            }
        }
        throw new TrackerException(lastProblem);
    }

    /** BEP 48: the scrape URL replaces "announce" at the start of the last path segment; other URLs cannot scrape. */
    public static Optional<String> scrapeUrl(String announceUrl) {
        int q = announceUrl.indexOf('?');
        String path = q < 0 ? announceUrl : announceUrl.substring(0, q);
        int slash = path.lastIndexOf('/');
        if (slash < 0 || !path.startsWith("announce", slash + 1)) return Optional.empty();
        return Optional.of(path.substring(0, slash + 1) + "scrape" + path.substring(slash + 1 + "announce".length())
                + (q < 0 ? "" : announceUrl.substring(q)));
    }

    private synchronized int tierCount() {
        return tiers.size();
    }

    private synchronized List<String> tierSnapshot(int t) {
        return List.copyOf(tiers.get(t));
    }

    private synchronized void promote(int t, String url) {
        List<String> tier = tiers.get(t);
        if (tier.remove(url)) tier.add(0, url);
    }

    private static URI withQuery(String url, String query) throws TrackerException {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            String scheme = url.contains(":") ? url.substring(0, url.indexOf(':')) : url;
            throw new TrackerException(url + ": " + scheme + " trackers are not supported (only http://, https:// and udp://)");
        }
        // A fragment is never sent; left in place it would swallow the query appended after it.
        int hash = url.indexOf('#');
        String base = hash < 0 ? url : url.substring(0, hash);
        try {
            return new URI(base + (base.contains("?") ? "&" : "?") + query);
        } catch (URISyntaxException e) {
            throw new TrackerException(url + ": bad tracker URL: " + e.getReason());
        }
    }

    private static String describe(IOException e) {
        return connectivity.net.NetFailures.describe(e, Duration.ofSeconds(10));
    }

    /** Reads an announce response: failure, warning, interval, compact or dictionary peers, peers6. */
    public static AnnounceResponse parseAnnounce(String url, byte[] body) throws TrackerException {
        BDict d = decode(url, body);
        Optional<String> failure = text(d, "failure reason");
        if (failure.isPresent()) throw new TrackerException(url + " refused: " + failure.get());
        long interval = number(d, "interval").orElseThrow(() -> new TrackerException(url + ": response has no interval"));
        if (interval < 0) throw new TrackerException(url + ": negative interval");
        List<TrackerPeer> peers = new ArrayList<>();
        Optional<BValue> p = d.get("peers");
        if (p.isPresent()) {
            switch (p.get()) {
                case BBytes b -> compact(url, b.bytes(), 4, peers);
                case BList l -> dictionaryPeers(l, peers);
                default -> throw new TrackerException(url + ": 'peers' is " + p.get().kind());
            }
        }
        if (d.get("peers6").orElse(null) instanceof BBytes b6) compact(url, b6.bytes(), 16, peers);
        return new AnnounceResponse(url, Duration.ofSeconds(interval),
                number(d, "min interval").map(Duration::ofSeconds),
                optionalLong(number(d, "complete")), optionalLong(number(d, "incomplete")),
                peers, text(d, "warning message"));
    }

    /** Reads a scrape response into counts per info-hash. */
    public static Map<InfoHash, SwarmStore.SwarmStats> parseScrape(String url, byte[] body) throws TrackerException {
        BDict d = decode(url, body);
        Optional<String> failure = text(d, "failure reason");
        if (failure.isPresent()) throw new TrackerException(url + " refused: " + failure.get());
        if (!(d.get("files").orElse(null) instanceof BDict files)) throw new TrackerException(url + ": scrape response has no 'files'");
        Map<InfoHash, SwarmStore.SwarmStats> out = new LinkedHashMap<>();
        for (Map.Entry<BBytes, BValue> e : files.entries().entrySet()) {
            if (e.getKey().length() != 20 || !(e.getValue() instanceof BDict s)) continue;
            out.put(new InfoHash(e.getKey().bytes()), new SwarmStore.SwarmStats(
                    (int) (long) number(s, "complete").orElse(0L), (int) (long) number(s, "incomplete").orElse(0L), number(s, "downloaded").orElse(0L)));
        }
        return out;
    }

    private static BDict decode(String url, byte[] body) throws TrackerException {
        try {
            return Bencode.decodeDict(body);
        } catch (BencodeException e) {
            throw new TrackerException(url + ": malformed response: " + e.getMessage());
        }
    }

    private static void compact(String url, byte[] b, int addressLength, List<TrackerPeer> out) throws TrackerException {
        int entry = addressLength + 2;
        if (b.length % entry != 0) throw new TrackerException(url + ": compact peer list of " + b.length + " bytes is not a multiple of " + entry);
        for (int i = 0; i < b.length; i += entry) {
            int port = (b[i + addressLength] & 0xff) << 8 | (b[i + addressLength + 1] & 0xff);
            if (port == 0) continue;
            try {
                InetAddress a = InetAddress.getByAddress(Arrays.copyOfRange(b, i, i + addressLength));
                out.add(new TrackerPeer(new InetSocketAddress(a, port)));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e); // cannot happen for 4 or 16 bytes
            }
        }
    }

    /** Dictionary peers; only literal IP addresses are used (a name would need a lookup we do not trust). */
    private static void dictionaryPeers(BList list, List<TrackerPeer> out) {
        for (BValue v : list.values()) {
            if (!(v instanceof BDict d)) continue;
            Optional<String> ip = text(d, "ip");
            Optional<Long> port = number(d, "port");
            if (ip.isEmpty() || port.isEmpty() || port.get() < 1 || port.get() > 65535) continue;
            Optional<InetAddress> a = IpLiteral.parse(ip.get()); // never a name to look up: a tracker could make us resolve it
            if (a.isEmpty()) continue;
            byte[] id = d.get("peer id").orElse(null) instanceof BBytes b && b.length() == 20 ? b.bytes() : new byte[0];
            out.add(new TrackerPeer(new InetSocketAddress(a.get(), port.get().intValue()), id));
        }
    }

    private static Optional<String> text(BDict d, String key) {
        return d.get(key).filter(v -> v instanceof BBytes).map(v -> ((BBytes) v).utf8Lenient());
    }

    private static Optional<Long> number(BDict d, String key) {
        return d.get(key).filter(v -> v instanceof BInt).map(v -> ((BInt) v).value());
    }

    private static OptionalLong optionalLong(Optional<Long> v) {
        return v.map(OptionalLong::of).orElse(OptionalLong.empty());
    }
}
