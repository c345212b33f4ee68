package connectivity.torrent.tracker.udp;

import connectivity.torrent.meta.InfoHash;
import connectivity.torrent.tracker.AnnounceEvent;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bytes of {@link UdpMessage}s (BEP 15, big-endian throughout, and BEP 41's options after an announce).
 * Decoding checks every length before it reads, so a short or padded datagram is a {@link UdpProtocolException},
 * never an index error; nothing is allocated beyond the datagram's own size.
 */
public final class UdpCodec {
    /** The magic a connect request starts with. */
    public static final long PROTOCOL_ID = 0x41727101980L;
    public static final int CONNECT = 0, ANNOUNCE = 1, SCRAPE = 2, ERROR = 3;
    /** BEP 15: as many hashes as fit a scrape into an Ethernet frame. */
    public static final int MAX_SCRAPE_HASHES = 74;
    /** The largest request a tracker reads: a full scrape (an announce with BEP 41 options stays below it). */
    public static final int MAX_REQUEST_BYTES = 16 + MAX_SCRAPE_HASHES * 20;
    public static final int CONNECT_BYTES = 16, ANNOUNCE_REQUEST_BYTES = 98, ANNOUNCE_REPLY_HEADER = 20;
    /** BEP 41 URL data kept at most; longer is cut (it only selects among trackers on one port). */
    public static final int MAX_URL_DATA = 1024;
    private static final int OPTION_END = 0, OPTION_NOP = 1, OPTION_URL_DATA = 2;

    private UdpCodec() {}

    public static byte[] encode(UdpMessage m) {
        return switch (m) {
            case UdpMessage.Connect c -> ByteBuffer.allocate(CONNECT_BYTES).putLong(PROTOCOL_ID).putInt(CONNECT).putInt(c.transactionId()).array();
            case UdpMessage.Connected c -> ByteBuffer.allocate(CONNECT_BYTES).putInt(CONNECT).putInt(c.transactionId()).putLong(c.connectionId()).array();
            case UdpMessage.Announce a -> announce(a);
            case UdpMessage.Announced a -> announced(a);
            case UdpMessage.Scrape s -> {
                ByteBuffer b = ByteBuffer.allocate(16 + 20 * s.infoHashes().size()).putLong(s.connectionId()).putInt(SCRAPE).putInt(s.transactionId());
                for (InfoHash h : s.infoHashes()) b.put(h.bytes());
                yield b.array();
            }
            case UdpMessage.Scraped s -> {
                ByteBuffer b = ByteBuffer.allocate(8 + 12 * s.counts().size()).putInt(SCRAPE).putInt(s.transactionId());
                for (UdpMessage.ScrapeCounts c : s.counts()) b.putInt(c.seeders()).putInt(c.completed()).putInt(c.leechers());
                yield b.array();
            }
            case UdpMessage.Error e -> {
                byte[] text = e.message().getBytes(StandardCharsets.UTF_8);
                yield ByteBuffer.allocate(8 + text.length).putInt(ERROR).putInt(e.transactionId()).put(text).array();
            }
        };
    }

    private static byte[] announce(UdpMessage.Announce a) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(ANNOUNCE_REQUEST_BYTES + 16);
        out.writeBytes(ByteBuffer.allocate(ANNOUNCE_REQUEST_BYTES).putLong(a.connectionId()).putInt(ANNOUNCE).putInt(a.transactionId())
                .put(a.infoHash().bytes()).put(a.peerId()).putLong(a.downloaded()).putLong(a.left()).putLong(a.uploaded())
                .putInt(a.event()).putInt(a.ipv4()).putInt(a.key()).putInt(a.numWant()).putShort((short) a.port()).array());
        if (a.urlData().isPresent()) {
            byte[] url = a.urlData().get().getBytes(StandardCharsets.ISO_8859_1);
            int n = Math.min(url.length, MAX_URL_DATA);
            for (int at = 0; at < n; at += 255) {
                int len = Math.min(255, n - at);
                out.write(OPTION_URL_DATA);
                out.write(len);
                out.write(url, at, len);
            }
        }
        return out.toByteArray();
    }

    private static byte[] announced(UdpMessage.Announced a) {
        CompactPeers peers = a.compactPeers();
        byte[] out = ByteBuffer.allocate(ANNOUNCE_REPLY_HEADER + peers.length())
                .putInt(ANNOUNCE).putInt(a.transactionId()).putInt(a.interval()).putInt(a.leechers()).putInt(a.seeders()).array();
        peers.copyTo(out, ANNOUNCE_REPLY_HEADER);
        return out;
    }

    /** Reads a request as a tracker receives it. */
    public static UdpMessage.Request decodeRequest(byte[] data, int length) throws UdpProtocolException {
        if (length < CONNECT_BYTES) throw new UdpProtocolException("request of " + length + " bytes is shorter than 16");
        if (length > MAX_REQUEST_BYTES) throw new UdpProtocolException("request of " + length + " bytes is over " + MAX_REQUEST_BYTES);
        ByteBuffer b = ByteBuffer.wrap(data, 0, length);
        long connectionId = b.getLong();
        int action = b.getInt();
        int tid = b.getInt();
        switch (action) {
            case CONNECT -> {
                if (connectionId != PROTOCOL_ID) throw new UdpProtocolException("connect request without the protocol id");
                return new UdpMessage.Connect(tid);
            }
            case ANNOUNCE -> {
                if (length < ANNOUNCE_REQUEST_BYTES) throw new UdpProtocolException("announce of " + length + " bytes is shorter than 98");
                InfoHash hash = new InfoHash(bytes(b, 20));
                byte[] peerId = bytes(b, 20);
                long downloaded = b.getLong(), left = b.getLong(), uploaded = b.getLong();
                int event = b.getInt(), ip = b.getInt(), key = b.getInt(), numWant = b.getInt();
                int port = b.getShort() & 0xffff;
                return new UdpMessage.Announce(connectionId, tid, hash, peerId, downloaded, left, uploaded, event, ip, key, numWant, port, urlData(b));
            }
            case SCRAPE -> {
                int rest = length - 16;
                if (rest == 0 || rest % 20 != 0) throw new UdpProtocolException("scrape of " + length + " bytes is not 16 + 20 per info-hash");
                List<InfoHash> hashes = new ArrayList<>(rest / 20);
                for (int i = 0; i < rest / 20; i++) hashes.add(new InfoHash(bytes(b, 20)));
                return new UdpMessage.Scrape(connectionId, tid, hashes);
            }
            default -> throw new UdpProtocolException("unknown action " + action);
        }
    }

    /**
     * BEP 41's options: NOP, end, and URL data (concatenated); any other option is skipped by its length. A cut-off
     * option ends the list rather than the announce, which is complete without it.
     */
    private static Optional<String> urlData(ByteBuffer b) {
        ByteArrayOutputStream url = null;
        while (b.hasRemaining()) {
            int type = b.get() & 0xff;
            if (type == OPTION_END) break;
            if (type == OPTION_NOP) continue;
            if (!b.hasRemaining()) break;
            int len = b.get() & 0xff;
            if (len > b.remaining()) break;
            if (type == OPTION_URL_DATA) {
                if (url == null) url = new ByteArrayOutputStream();
                int keep = Math.min(len, MAX_URL_DATA - url.size());
                url.write(b.array(), b.arrayOffset() + b.position(), keep);
            }
            b.position(b.position() + len);
        }
        return url == null ? Optional.empty() : Optional.of(url.toString(StandardCharsets.ISO_8859_1));
    }

    /** The transaction id of a reply, so a client can ignore replies to requests it never sent before it reads them. */
    public static Optional<Integer> replyTransactionId(byte[] data, int length) {
        return length < 8 ? Optional.empty() : Optional.of(ByteBuffer.wrap(data, 4, 4).getInt());
    }

    /**
     * Reads a reply as a client receives it; {@code ipv6} says which peer entries an announce reply holds (those of
     * the family the request went over).
     */
    public static UdpMessage.Reply decodeReply(byte[] data, int length, boolean ipv6) throws UdpProtocolException {
        if (length < 8) throw new UdpProtocolException("reply of " + length + " bytes is shorter than 8");
        ByteBuffer b = ByteBuffer.wrap(data, 0, length);
        int action = b.getInt();
        int tid = b.getInt();
        try {
            switch (action) {
                case CONNECT -> {
                    if (length < CONNECT_BYTES) throw new UdpProtocolException("connect reply of " + length + " bytes is shorter than 16");
                    return new UdpMessage.Connected(tid, b.getLong());
                }
                case ANNOUNCE -> {
                    if (length < ANNOUNCE_REPLY_HEADER) {
                        throw new UdpProtocolException("announce reply of " + length + " bytes is shorter than " + ANNOUNCE_REPLY_HEADER);
                    }
                    int interval = b.getInt(), leechers = b.getInt(), seeders = b.getInt();
                    int addressLength = ipv6 ? 16 : 4;
                    int rest = length - ANNOUNCE_REPLY_HEADER;
                    if (rest % (addressLength + 2) != 0) {
                        throw new UdpProtocolException("announce reply's " + rest + " bytes of peers are not a multiple of " + (addressLength + 2));
                    }
                    return new UdpMessage.Announced(tid, interval, leechers, seeders, CompactPeers.read(data, ANNOUNCE_REPLY_HEADER, rest, ipv6));
                }
                case SCRAPE -> {
                    int rest = length - 8;
                    if (rest % 12 != 0) throw new UdpProtocolException("scrape reply's " + rest + " bytes of counts are not a multiple of 12");
                    List<UdpMessage.ScrapeCounts> counts = new ArrayList<>(rest / 12);
                    for (int i = 0; i < rest / 12; i++) counts.add(new UdpMessage.ScrapeCounts(b.getInt(), b.getInt(), b.getInt()));
                    return new UdpMessage.Scraped(tid, counts);
                }
                case ERROR -> {
                    return new UdpMessage.Error(tid, new String(bytes(b, length - 8), StandardCharsets.UTF_8));
                }
                default -> throw new UdpProtocolException("unknown action " + action);
            }
        } catch (BufferUnderflowException e) {
            throw new UdpProtocolException("reply cut short"); // the length checks above make this unreachable
        }
    }

    /** BEP 15's event numbers, which differ from the order of {@link AnnounceEvent}. */
    public static int event(AnnounceEvent e) {
        return switch (e) {
            case NONE -> 0;
            case COMPLETED -> 1;
            case STARTED -> 2;
            case STOPPED -> 3;
        };
    }

    /** The event for a BEP 15 number; empty for an unknown one. */
    public static Optional<AnnounceEvent> event(int wire) {
        return switch (wire) {
            case 0 -> Optional.of(AnnounceEvent.NONE);
            case 1 -> Optional.of(AnnounceEvent.COMPLETED);
            case 2 -> Optional.of(AnnounceEvent.STARTED);
            case 3 -> Optional.of(AnnounceEvent.STOPPED);
            default -> Optional.empty();
        };
    }

    private static byte[] bytes(ByteBuffer b, int n) {
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }
}
