package connectivity.torrent.swarm;

import connectivity.net.Connection;
import connectivity.torrent.bencode.BBytes;
import connectivity.torrent.bencode.BDict;
import connectivity.torrent.bencode.BInt;
import connectivity.torrent.bencode.BList;
import connectivity.torrent.bencode.BValue;
import connectivity.torrent.bencode.Bencode;
import connectivity.torrent.bencode.BencodeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Announces to HTTP trackers (BEP 3, compact peer lists from BEP 23). Trackers are tried in order; the
 * first that answers is used first next time (BEP 12's "move to the front").
 */
public final class HttpTrackerSource implements PeerSource {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_RESPONSE = 2 * 1024 * 1024;

    private final List<String> urls;
    private final byte[] infoHash;

    public HttpTrackerSource(List<String> urls, byte[] infoHash) {
        this.urls = new ArrayList<>(urls);
        this.infoHash = infoHash.clone();
    }

    @Override
    public synchronized Response announce(Event event, Stats stats) throws IOException {
        IOException last = null;
        for (String url : List.copyOf(urls)) {
            try {
                Response r = announceTo(url, event, stats);
                urls.remove(url);
                urls.add(0, url);
                return r;
            } catch (IOException e) {
                last = new IOException(url + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
            }
        }
        throw last != null ? last : new IOException("the torrent names no tracker");
    }

    private Response announceTo(String url, Event event, Stats stats) throws IOException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IOException("not a URL");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) throw new IOException("only http:// trackers are supported");
        String query = "info_hash=" + percent(infoHash) + "&peer_id=" + percent(stats.peerId()) + "&port=" + stats.port()
                + "&uploaded=" + stats.uploaded() + "&downloaded=" + stats.downloaded() + "&left=" + stats.left()
                + "&compact=1&numwant=80" + (event == Event.NONE ? "" : "&event=" + event.name().toLowerCase(Locale.ROOT));
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "?" : "?" + uri.getRawQuery() + "&") + query;
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        byte[] response;
        try (Connection c = Connection.dial(uri.getHost(), port, TIMEOUT)) {
            c.readTimeout(TIMEOUT);
            // HTTP/1.0 so the answer is never chunked and ends with the connection.
            String request = "GET " + path + " HTTP/1.0\r\nHost: " + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + port)
                    + "\r\nUser-Agent: conn\r\nConnection: close\r\n\r\n";
            c.output().write(request.getBytes(StandardCharsets.US_ASCII));
            c.output().flush();
            response = readAll(c.input());
        }
        return parse(response);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[16 * 1024];
        for (int n; (n = in.read(buf)) >= 0; ) {
            b.write(buf, 0, n);
            if (b.size() > MAX_RESPONSE) throw new IOException("tracker response over " + MAX_RESPONSE + " bytes");
        }
        return b.toByteArray();
    }

    static Response parse(byte[] http) throws IOException {
        int end = indexOf(http, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        if (end < 0) throw new IOException("tracker sent no HTTP response");
        String statusLine = new String(http, 0, Math.max(0, indexOf(http, "\r\n".getBytes(StandardCharsets.US_ASCII))), StandardCharsets.ISO_8859_1);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[1].equals("200")) throw new IOException("tracker answered " + statusLine);
        byte[] body = Arrays.copyOfRange(http, end + 4, http.length);
        BDict d;
        try {
            d = Bencode.decodeDict(body);
        } catch (BencodeException e) {
            throw new IOException("tracker answer is not bencoded: " + e.getMessage());
        }
        if (d.get("failure reason").orElse(null) instanceof BBytes reason) throw new IOException("tracker says: " + reason.utf8Lenient());
        long interval = d.get("interval").orElse(null) instanceof BInt i ? i.value() : 1800;
        List<InetSocketAddress> peers = new ArrayList<>();
        BValue p = d.get("peers").orElse(null);
        if (p instanceof BBytes compact) {
            byte[] b = compact.bytes();
            for (int i = 0; i + 6 <= b.length; i += 6) {
                InetAddress a = InetAddress.getByAddress(Arrays.copyOfRange(b, i, i + 4));
                peers.add(new InetSocketAddress(a, ((b[i + 4] & 0xff) << 8) | (b[i + 5] & 0xff)));
            }
        } else if (p instanceof BList list) {
            for (BValue v : list.values()) {
                if (v instanceof BDict peer && peer.get("ip").orElse(null) instanceof BBytes ip && peer.get("port").orElse(null) instanceof BInt port) {
                    try {
                        peers.add(new InetSocketAddress(InetAddress.getByName(ip.utf8Lenient()), (int) port.value()));
                    } catch (UnknownHostException | IllegalArgumentException ignored) {
                        // a peer we cannot reach by that name is no peer
                    }
                }
            }
        }
        return new Response(Duration.ofSeconds(Math.max(10, Math.min(interval, 3600))), peers);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    private static String percent(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') s.append(c);
            else s.append('%').append(String.format("%02X", b & 0xff));
        }
        return s.toString();
    }
}
