package connectivity.torrent.tracker.udp;

import connectivity.torrent.meta.InfoHash;
import connectivity.torrent.tracker.AnnounceRequest;
import connectivity.torrent.tracker.AnnounceResponse;
import connectivity.torrent.tracker.SwarmStore;
import connectivity.torrent.tracker.TrackerException;
import connectivity.torrent.tracker.TrackerPeer;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Announces to and scrapes {@code udp://host:port[/path]} trackers (BEP 15, BEP 41 URL data). One socket for all of
 * them, opened on first use, so a connection id (bound by the tracker to our address and port) is reused for its
 * lifetime. A reply counts only if it comes from the tracker's address and port and carries our transaction id;
 * anything else is ignored, as a spoofed datagram would be. A reply that matches but is cut short or refuses is
 * a {@link TrackerException} at once.
 */
public final class UdpTrackerClient implements AutoCloseable {
    private final UdpTimings timings;
    private final Clock clock;
    private final Random random;
    private final Map<InetSocketAddress, Connection> connections = new HashMap<>();
    private final byte[] receive = new byte[64 * 1024];
    private volatile DatagramSocket socket;
    private volatile boolean closed;

    private record Connection(long id, Instant until) {}

    public UdpTrackerClient(UdpTimings timings, Clock clock, Random random) {
        this.timings = Objects.requireNonNull(timings);
        this.clock = Objects.requireNonNull(clock);
        this.random = Objects.requireNonNull(random);
    }

    public UdpTrackerClient() {
        this(UdpTimings.DEFAULT, Clock.systemUTC(), new java.security.SecureRandom());
    }

    /** Whether this client handles the URL's scheme. */
    public static boolean handles(String url) {
        return url.regionMatches(true, 0, "udp://", 0, 6);
    }

    public synchronized AnnounceResponse announce(String url, AnnounceRequest r) throws TrackerException {
        Target t = target(url);
        int key = key(r.key());
        int ip = r.ip().map(UdpTrackerClient::ipv4).orElse(0);
        UdpMessage.Reply reply = exchange(t, (cid, tid) -> new UdpMessage.Announce(cid, tid, r.infoHash(), r.peerId(), r.downloaded(), r.left(),
                r.uploaded(), UdpCodec.event(r.event()), ip, key, r.numwant(), r.port(), t.urlData()), UdpCodec.ANNOUNCE);
        UdpMessage.Announced a = (UdpMessage.Announced) reply;
        if (a.interval() < 0) throw new TrackerException(url + ": negative interval");
        List<TrackerPeer> peers = a.peers().stream().filter(p -> p.getPort() != 0).map(TrackerPeer::new).toList();
        return new AnnounceResponse(url, Duration.ofSeconds(a.interval()), Optional.empty(),
                OptionalLong.of(Integer.toUnsignedLong(a.seeders())), OptionalLong.of(Integer.toUnsignedLong(a.leechers())), peers, Optional.empty());
    }

    /** Counts per info-hash, asking {@link UdpCodec#MAX_SCRAPE_HASHES} at a time. */
    public synchronized Map<InfoHash, SwarmStore.SwarmStats> scrape(String url, List<InfoHash> hashes) throws TrackerException {
        Target t = target(url);
        Map<InfoHash, SwarmStore.SwarmStats> out = new LinkedHashMap<>();
        for (int from = 0; from < hashes.size(); from += UdpCodec.MAX_SCRAPE_HASHES) {
            List<InfoHash> part = hashes.subList(from, Math.min(hashes.size(), from + UdpCodec.MAX_SCRAPE_HASHES));
            UdpMessage.Scraped s = (UdpMessage.Scraped) exchange(t, (cid, tid) -> new UdpMessage.Scrape(cid, tid, part), UdpCodec.SCRAPE);
            if (s.counts().size() != part.size()) {
                throw new TrackerException(url + ": scrape reply has " + s.counts().size() + " counts for " + part.size() + " info-hashes");
            }
            for (int i = 0; i < part.size(); i++) {
                UdpMessage.ScrapeCounts c = s.counts().get(i);
                out.put(part.get(i), new SwarmStore.SwarmStats(c.seeders(), c.leechers(), Integer.toUnsignedLong(c.completed())));
            }
        }
        return out;
    }

    /** A tracker's address and the URL data (BEP 41) its URL carries. */
    private record Target(String url, InetSocketAddress address, Optional<String> urlData) {
        boolean ipv6() {
            return address.getAddress() instanceof Inet6Address;
        }
    }

    private static Target target(String url) throws TrackerException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new TrackerException(url + ": bad tracker URL: " + e.getReason());
        }
        String host = uri.getHost();
        if (host == null || uri.getPort() < 1) throw new TrackerException(url + ": a udp:// tracker URL needs a host and a port");
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new TrackerException(url + ": unknown host " + host);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        String data = path + query;
        return new Target(url, new InetSocketAddress(address, uri.getPort()), data.isEmpty() ? Optional.empty() : Optional.of(data));
    }

    /**
     * Sends the request (after a connect, when we hold no live connection id) until a reply comes, backing off as
     * BEP 15 says; n counts retransmissions of either, so the whole exchange ends within {@link UdpTimings#giveUpAfter}.
     */
    private UdpMessage.Reply exchange(Target t, BiFunction<Long, Integer, UdpMessage.Request> request, int action) throws TrackerException {
        int n = 0;
        while (true) {
            Connection c = connections.get(t.address());
            boolean connecting = c == null || !clock.instant().isBefore(c.until());
            int tid = random.nextInt();
            UdpMessage.Request message = connecting ? new UdpMessage.Connect(tid) : request.apply(c.id(), tid);
            Instant sentAt = clock.instant();
            send(t, UdpCodec.encode(message));
            Optional<UdpMessage.Reply> reply = awaitReply(t, tid, timings.wait(n));
            if (reply.isEmpty()) {
                if (++n > timings.maxRetransmits()) {
                    throw new TrackerException(t.url() + ": no answer within "
                            + String.format(java.util.Locale.ROOT, "%.1f", timings.giveUpAfter().toMillis() / 1000.0) + " s ("
                            + n + " tries" + (connecting ? ", connecting" : "") + ")");
                }
                continue;
            }
            switch (reply.get()) {
                case UdpMessage.Error e -> {
                    connections.remove(t.address()); // a refusal may mean our id went stale: the next exchange connects again
                    throw new TrackerException(t.url() + " refused: " + printable(e.message()));
                }
                case UdpMessage.Connected ok when connecting ->
                        connections.put(t.address(), new Connection(ok.connectionId(), sentAt.plus(timings.connectionIdLifetime())));
                case UdpMessage.Reply r when !connecting && action(r) == action -> {
                    return r;
                }
                case UdpMessage.Reply r -> throw new TrackerException(t.url() + ": answered " + (connecting ? "a connect" : "action " + action)
                        + " with action " + action(r));
            }
        }
    }

    private Optional<UdpMessage.Reply> awaitReply(Target t, int tid, Duration wait) throws TrackerException {
        long deadline = System.nanoTime() + wait.toNanos();
        DatagramPacket packet = new DatagramPacket(receive, receive.length);
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return Optional.empty();
            try {
                // Rounded up, and the deadline checked again after a timeout: the socket's millisecond timeout may
                // fire a little before the nanosecond deadline, and a wait must never come out shorter than BEP 15's.
                socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000)));
                packet.setLength(receive.length);
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                throw new TrackerException(t.url() + ": " + e.getMessage(), e);
            }
            if (!t.address().equals(packet.getSocketAddress())) continue; // not the tracker: anyone can send us datagrams
            if (UdpCodec.replyTransactionId(packet.getData(), packet.getLength()).filter(id -> id == tid).isEmpty()) continue; // stale or forged
            try {
                return Optional.of(UdpCodec.decodeReply(packet.getData(), packet.getLength(), t.ipv6()));
            } catch (UdpProtocolException e) {
                throw new TrackerException(t.url() + ": " + explain(packet, e));
            }
        }
    }

    /** opentracker answers an announce for a hash it does not serve with the bare 8-byte header: say so. */
    private static String explain(DatagramPacket p, UdpProtocolException e) {
        boolean bareAnnounce = p.getLength() == 8 && ByteBuffer.wrap(p.getData(), 0, 4).getInt() == UdpCodec.ANNOUNCE;
        return bareAnnounce ? "refused: announce reply of 8 bytes with no peers and no error (the tracker does not serve this info-hash)"
                : "malformed reply: " + e.getMessage();
    }

    private void send(Target t, byte[] bytes) throws TrackerException {
        try {
            if (closed) throw new TrackerException(t.url() + ": the UDP tracker client is closed");
            if (socket == null) socket = new DatagramSocket();
            if (closed) socket.close(); // closed while opening: the send below fails as a closed socket's would
            socket.send(new DatagramPacket(bytes, bytes.length, t.address()));
        } catch (IOException e) {
            throw new TrackerException(t.url() + ": " + e.getMessage(), e);
        }
    }

    private static int action(UdpMessage.Reply r) {
        return switch (r) {
            case UdpMessage.Connected c -> UdpCodec.CONNECT;
            case UdpMessage.Announced a -> UdpCodec.ANNOUNCE;
            case UdpMessage.Scraped s -> UdpCodec.SCRAPE;
            case UdpMessage.Error e -> UdpCodec.ERROR;
        };
    }

    /** The tracker's words, with control characters shown as '?' and cut to a line. */
    private static String printable(String s) {
        String cut = s.length() > 200 ? s.substring(0, 200) + "..." : s;
        return cut.codePoints().map(cp -> Character.isISOControl(cp) ? '?' : cp)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    /** Our key as BEP 15's 32 bits: the hex key {@code TrackerPeerSource} makes, or a hash of any other. */
    private static int key(Optional<String> key) {
        if (key.isEmpty()) return 0;
        String k = key.get();
        if (k.length() == 8 && k.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) return (int) HexFormat.fromHexDigitsToLong(k);
        return k.hashCode();
    }

    /** An IPv4 literal as BEP 15's ip field; anything else leaves it to the tracker (0). */
    private static int ipv4(String ip) {
        if (!ip.matches("\\d{1,3}(\\.\\d{1,3}){3}")) return 0;
        try {
            InetAddress a = InetAddress.getByName(ip);
            return a instanceof Inet4Address ? ByteBuffer.wrap(a.getAddress()).getInt() : 0;
        } catch (UnknownHostException e) {
            return 0;
        }
    }

    /** Closes the socket at once; an exchange in progress fails rather than holding a closing swarm up. */
    @Override
    public void close() {
        closed = true;
        DatagramSocket s = socket;
        if (s != null) s.close();
    }
}
