package connectivity.torrent.magnet;

import connectivity.torrent.meta.InfoHash;
import connectivity.torrent.meta.Metainfo;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A BEP 9 magnet link: the info-hash ({@code xt=urn:btih:}, 40 hex digits or 32 base32 characters), a display name
 * ({@code dn}), trackers ({@code tr}, also {@code tr.1}, {@code tr.2}, ...) and peer hints ({@code x.pe}). Other
 * parameters are ignored, as BEP 9 allows.
 */
public record MagnetLink(InfoHash infoHash, Optional<String> displayName, List<String> trackers, List<PeerHint> peers) {
    /** Longer links are refused before they are looked at; real ones, with dozens of trackers, stay under 8 KiB. */
    public static final int MAX_LENGTH = 64 * 1024;
    public static final int MAX_TRACKERS = 64;
    public static final int MAX_PEERS = 64;
    private static final String BTIH = "urn:btih:";
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String HEX = "0123456789ABCDEF";

    public MagnetLink {
        Objects.requireNonNull(infoHash);
        Objects.requireNonNull(displayName);
        trackers = List.copyOf(trackers);
        peers = List.copyOf(peers);
    }

    /** The link for a torrent file: its info-hash, name and every tracker, tier by tier. */
    public static MagnetLink of(Metainfo m) {
        return new MagnetLink(m.infoHash(), Optional.of(m.info().name()), m.trackers(), List.of());
    }

    /** Parses a link; every refusal is a MagnetException with one line saying what is wrong. */
    public static MagnetLink parse(String link) throws MagnetException {
        if (link.length() > MAX_LENGTH) throw new MagnetException("magnet link of " + link.length() + " characters is over the limit of " + MAX_LENGTH);
        if (!link.regionMatches(true, 0, "magnet:?", 0, 8)) throw new MagnetException("not a magnet link (it must start with magnet:?)");
        InfoHash hash = null;
        boolean v2Only = false;
        Optional<String> name = Optional.empty();
        List<String> trackers = new ArrayList<>();
        List<PeerHint> peers = new ArrayList<>();
        for (String param : link.substring(8).split("&")) {
            int eq = param.indexOf('=');
            if (eq <= 0) continue;
            String key = param.substring(0, eq).toLowerCase(Locale.ROOT);
            String raw = param.substring(eq + 1);
            if (key.equals("xt")) {
                String urn = decode(raw, false, key);
                if (urn.regionMatches(true, 0, BTIH, 0, BTIH.length())) {
                    InfoHash h = infoHash(urn.substring(BTIH.length()));
                    if (hash != null && !hash.equals(h)) throw new MagnetException("magnet link names two different info-hashes");
                    hash = h;
                } else if (urn.regionMatches(true, 0, "urn:btmh:", 0, 9)) {
                    v2Only = true;
                }
            } else if (key.equals("dn")) {
                name = Optional.of(decode(raw, true, key)).filter(s -> !s.isBlank());
            } else if (key.equals("tr") || key.matches("tr\\.[0-9]{1,3}")) {
                String url = decode(raw, false, key).strip();
                if (url.isEmpty() || trackers.contains(url)) continue;
                if (trackers.size() == MAX_TRACKERS) throw new MagnetException("magnet link names more than " + MAX_TRACKERS + " trackers");
                trackers.add(url);
            } else if (key.equals("x.pe")) {
                PeerHint p = peer(decode(raw, false, key));
                if (peers.contains(p)) continue;
                if (peers.size() == MAX_PEERS) throw new MagnetException("magnet link names more than " + MAX_PEERS + " peers");
                peers.add(p);
            }
        }
        if (hash == null) {
            throw new MagnetException(v2Only ? "BitTorrent v2-only magnet links (urn:btmh) are not supported"
                    : "magnet link has no info-hash (xt=urn:btih:...)");
        }
        return new MagnetLink(hash, name, trackers, peers);
    }

    /** 40 hex digits or 32 base32 characters (RFC 4648, either case), as BEP 9 allows. */
    static InfoHash infoHash(String s) throws MagnetException {
        if (s.length() == 40) {
            byte[] b = new byte[20];
            for (int i = 0; i < 20; i++) {
                int hi = Character.digit(s.charAt(2 * i), 16), lo = Character.digit(s.charAt(2 * i + 1), 16);
                if (hi < 0 || lo < 0 || s.charAt(2 * i) > 'f' || s.charAt(2 * i + 1) > 'f') throw new MagnetException("info-hash '" + shown(s) + "' is not hex");
                b[i] = (byte) (hi << 4 | lo);
            }
            return new InfoHash(b);
        }
        if (s.length() == 32) {
            byte[] b = new byte[20];
            long acc = 0;
            int bits = 0, at = 0;
            for (int i = 0; i < 32; i++) {
                int v = BASE32.indexOf(Character.toUpperCase(s.charAt(i)));
                if (v < 0 || s.charAt(i) > 'z') throw new MagnetException("info-hash '" + shown(s) + "' is not base32");
                acc = acc << 5 | v;
                bits += 5;
                if (bits >= 8) {
                    bits -= 8;
                    b[at++] = (byte) (acc >>> bits);
                }
            }
            return new InfoHash(b);
        }
        throw new MagnetException("info-hash has " + s.length() + " characters; it must be 40 hex digits or 32 base32 characters");
    }

    /** {@code host:port}, an IPv6 address in brackets. */
    static PeerHint peer(String s) throws MagnetException {
        String host, port;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') throw new MagnetException("peer '" + shown(s) + "' is not [IPv6]:port");
            host = s.substring(1, close);
            port = s.substring(close + 2);
            if (host.isEmpty() || !host.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 'g' || c == ':' || c == '.')
                    || host.indexOf(':') < 0) {
                throw new MagnetException("peer '" + shown(s) + "' has no IPv6 address in its brackets");
            }
        } else {
            int colon = s.lastIndexOf(':');
            if (colon <= 0) throw new MagnetException("peer '" + shown(s) + "' is not host:port");
            host = s.substring(0, colon);
            port = s.substring(colon + 1);
            if (!host.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '-'))) {
                throw new MagnetException("peer '" + shown(s) + "' has a bad host (an IPv6 address goes in brackets)");
            }
        }
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new MagnetException("peer '" + shown(s) + "' has a bad port");
        }
        return new PeerHint(host.toLowerCase(Locale.ROOT), Integer.parseInt(port));
    }

    /** Input quoted in a message: control characters escaped (the message stays one line), and not too long. */
    private static String shown(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().limit(80).forEach(c -> {
            if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) sb.append(String.format("\\x%02x", c));
            else sb.appendCodePoint(c);
        });
        return s.codePointCount(0, s.length()) > 80 ? sb + "..." : sb.toString();
    }

    /** Percent-decoding to UTF-8; {@code plusIsSpace} for the display name, as forms (and most links) write it. */
    private static String decode(String s, boolean plusIsSpace, String key) throws MagnetException {
        ByteBuffer bytes = ByteBuffer.allocate(s.length() * 4);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (lo < 0) throw new MagnetException("'" + key + "' has a bad percent escape");
                bytes.put((byte) (hi << 4 | lo));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.put((byte) ' ');
            } else {
                bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes.flip()).toString();
        } catch (CharacterCodingException e) {
            throw new MagnetException("'" + key + "' is not UTF-8");
        }
    }

    /** The link: hex info-hash, then {@code dn}, every {@code tr} and every {@code x.pe} (as host:port), percent-encoded. */
    public String toUri() {
        StringBuilder sb = new StringBuilder("magnet:?xt=urn:btih:").append(infoHash.hex());
        displayName.ifPresent(n -> sb.append("&dn=").append(encode(n)));
        for (String t : trackers) sb.append("&tr=").append(encode(t));
        for (PeerHint p : peers) sb.append("&x.pe=").append(encode(p.toString()).replace("%3A", ":").replace("%5B", "[").replace("%5D", "]"));
        return sb.toString();
    }

    private static String encode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 128 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) sb.append((char) c);
            else sb.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 15));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return toUri();
    }
}
