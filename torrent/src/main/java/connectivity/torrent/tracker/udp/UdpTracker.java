package connectivity.torrent.tracker.udp;

import connectivity.torrent.meta.InfoHash;
import connectivity.torrent.tracker.AnnounceEvent;
import connectivity.torrent.tracker.SwarmStore;
import connectivity.torrent.tracker.SwarmStoreUnavailableException;
import connectivity.torrent.tracker.Tracker;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The UDP face of {@link Tracker} (BEP 15) as a pure function from (datagram, sender) to the datagram to send back,
 * if any: same store, rules and limits as over HTTP. Malformed, short and oversized datagrams get nothing. Before a
 * client has echoed a valid connection id, nothing it sends is stored and no reply is larger than what it sent, so
 * a spoofed source cannot use the tracker to amplify traffic towards someone else.
 */
public final class UdpTracker {
    /** A reply fits one Ethernet frame (1500 bytes less IPv6 and UDP headers), so it never fragments. */
    public static final int MAX_REPLY_BYTES = 1500 - 40 - 8;
    static final String BAD_CONNECTION_ID = "bad connection id";

    private final Tracker tracker;
    private final ConnectionIds ids;

    public UdpTracker(Tracker tracker, ConnectionIds ids) {
        this.tracker = Objects.requireNonNull(tracker);
        this.ids = Objects.requireNonNull(ids);
    }

    public Tracker tracker() {
        return tracker;
    }

    /** The reply to {@code data[0..length)} from {@code from}; empty when the datagram is dropped. */
    public Optional<byte[]> answer(byte[] data, int length, InetSocketAddress from) {
        UdpMessage.Request request;
        try {
            request = UdpCodec.decodeRequest(data, length);
        } catch (UdpProtocolException e) {
            return Optional.empty();
        }
        UdpMessage.Reply reply = switch (request) {
            case UdpMessage.Connect c -> new UdpMessage.Connected(c.transactionId(), ids.issue(from));
            case UdpMessage.Announce a -> ids.valid(from, a.connectionId()) ? announce(a, from) : badId(a.transactionId());
            case UdpMessage.Scrape s -> ids.valid(from, s.connectionId()) ? scrape(s) : badId(s.transactionId());
        };
        return Optional.of(UdpCodec.encode(reply));
    }

    /** 8 + 17 bytes, shorter than the shortest announce (98) or scrape (36) it answers: no amplification. */
    private static UdpMessage.Reply badId(int transactionId) {
        return new UdpMessage.Error(transactionId, BAD_CONNECTION_ID);
    }

    private UdpMessage.Reply announce(UdpMessage.Announce a, InetSocketAddress from) {
        Optional<AnnounceEvent> event = UdpCodec.event(a.event());
        if (event.isEmpty()) return new UdpMessage.Error(a.transactionId(), "invalid event " + a.event());
        boolean v6 = from.getAddress() instanceof Inet6Address;
        int entry = v6 ? 18 : 6;
        int fit = (MAX_REPLY_BYTES - UdpCodec.ANNOUNCE_REPLY_HEADER) / entry;
        OptionalInt numwant = a.numWant() < 0 ? OptionalInt.empty() : OptionalInt.of(Math.min(a.numWant(), fit));
        // BEP 15's ip field is IPv4 only; over IPv6 the sender's address is the peer's.
        Optional<InetAddress> ip = a.ipv4() == 0 || v6 ? Optional.empty() : Optional.of(ipv4(a.ipv4()));
        int k = a.key();
        byte[] key = {(byte) (k >> 24), (byte) (k >> 16), (byte) (k >> 8), (byte) k};
        Tracker.Answer answer = tracker.announce(
                new Tracker.Announce(a.infoHash(), a.peerId(), a.port(), a.left(), event.get(), numwant, ip, key), from.getAddress(),
                v6 ? SwarmStore.Families.IPV6 : SwarmStore.Families.IPV4);
        return switch (answer) {
            case Tracker.Answer.Refused r -> new UdpMessage.Error(a.transactionId(), r.reason());
            case Tracker.Answer.Served s -> {
                // One family per reply: the one the request came over, its peers' compact forms as the store made them.
                yield new UdpMessage.Announced(a.transactionId(), (int) Math.min(Integer.MAX_VALUE, tracker.config().interval().toSeconds()),
                        s.stats().incomplete(), s.stats().complete(), CompactPeers.of(s.peers(), v6, fit));
            }
        };
    }

    private UdpMessage.Reply scrape(UdpMessage.Scrape s) {
        List<UdpMessage.ScrapeCounts> counts = new ArrayList<>(s.infoHashes().size());
        for (InfoHash h : s.infoHashes()) {
            // A hash not served gets zeros, so the counts stay in the order of the request.
            SwarmStore.SwarmStats st;
            try {
                st = tracker.scrape(h).orElse(SwarmStore.SwarmStats.EMPTY);
            } catch (SwarmStoreUnavailableException e) {
                return new UdpMessage.Error(s.transactionId(), Tracker.STORE_UNAVAILABLE);
            }
            counts.add(new UdpMessage.ScrapeCounts(st.complete(), (int) Math.min(Integer.MAX_VALUE, st.downloaded()), st.incomplete()));
        }
        return new UdpMessage.Scraped(s.transactionId(), counts);
    }

    private static InetAddress ipv4(int raw) {
        try {
            return Inet4Address.getByAddress(ByteBuffer.allocate(4).putInt(raw).array());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen for 4 bytes
        }
    }
}
