package connectivity.torrent.tracker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A query string decoded to raw bytes: {@code info_hash} and {@code peer_id} are binary, so values are
 * never treated as text. '+' is kept as it is (RFC 3986); only percent-escapes are decoded.
 */
public final class QueryString {
    /** Longer query strings are refused; a real announce is a few hundred bytes. */
    public static final int MAX_LENGTH = 8192;
    private static final int MAX_PARAMETERS = 256;

    private final Map<String, List<byte[]>> values;

    private QueryString(Map<String, List<byte[]>> values) {
        this.values = values;
    }

    /** Parses the undecoded query (the part after '?', without it). */
    public static QueryString parse(byte[] raw) throws TrackerRequestException {
        if (raw.length > MAX_LENGTH) throw new TrackerRequestException("query string longer than " + MAX_LENGTH + " bytes");
        Map<String, List<byte[]>> values = new HashMap<>();
        int count = 0;
        int start = 0;
        while (start <= raw.length) {
            int end = start;
            while (end < raw.length && raw[end] != '&') end++;
            if (end > start) {
                if (++count > MAX_PARAMETERS) throw new TrackerRequestException("more than " + MAX_PARAMETERS + " parameters");
                int eq = start;
                while (eq < end && raw[eq] != '=') eq++;
                String name = new String(decode(raw, start, eq), StandardCharsets.UTF_8);
                byte[] value = eq < end ? decode(raw, eq + 1, end) : new byte[0];
                values.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            }
            start = end + 1;
        }
        return new QueryString(values);
    }

    public static QueryString parse(String raw) throws TrackerRequestException {
        return parse(raw == null ? new byte[0] : raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] decode(byte[] raw, int from, int to) throws TrackerRequestException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = raw[i];
            if (b == '%') {
                if (i + 2 >= to) throw new TrackerRequestException("malformed query: truncated percent-escape");
                int hi = Character.digit(raw[i + 1], 16);
                int lo = Character.digit(raw[i + 2], 16);
                if (hi < 0 || lo < 0) throw new TrackerRequestException("malformed query: bad percent-escape");
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    public Optional<byte[]> first(String name) {
        List<byte[]> v = values.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0).clone());
    }

    public List<byte[]> all(String name) {
        return values.getOrDefault(name, List.of()).stream().map(byte[]::clone).toList();
    }

    public Optional<String> text(String name) {
        return first(name).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** A required non-negative integer parameter. */
    public long number(String name) throws TrackerRequestException {
        return optionalNumber(name).orElseThrow(() -> new TrackerRequestException("missing " + name));
    }

    public Optional<Long> optionalNumber(String name) throws TrackerRequestException {
        Optional<String> t = text(name);
        if (t.isEmpty()) return Optional.empty();
        String s = t.get();
        if (s.isEmpty() || s.length() > 19 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new TrackerRequestException("invalid " + name + ": expected a non-negative integer");
        }
        try {
            return Optional.of(Long.parseLong(s));
        } catch (NumberFormatException e) {
            // 19 digits can still exceed Long.MAX_VALUE.
            throw new TrackerRequestException("invalid " + name + ": larger than " + Long.MAX_VALUE);
        }
    }
}
