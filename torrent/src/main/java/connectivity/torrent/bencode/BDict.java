package connectivity.torrent.bencode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A bencoded dictionary, keys in sorted order. A dictionary that came from the decoder also knows the
 * exact bytes each value had in the input, so a hash over a value (the info-hash) is computed over what
 * was really sent, never over a re-encoding. Equality looks at the entries only.
 *
 * @param entries the entries, sorted by key (unsigned byte order)
 * @param origin where the values stood in the decoded input, or null for a dictionary built in code
 */
public record BDict(SortedMap<BBytes, BValue> entries, Origin origin) implements BValue {
    /** The decoded input and the span of each value in it. */
    public record Origin(byte[] source, Map<BBytes, ByteSpan> spans) {
        public Origin {
            Objects.requireNonNull(source);
            spans = Map.copyOf(spans);
        }
    }

    public BDict {
        entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
    }

    public BDict(Map<BBytes, BValue> entries) {
        this(new TreeMap<>(entries), null);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<BValue> get(String key) {
        return Optional.ofNullable(entries.get(BBytes.of(key)));
    }

    public boolean containsKey(String key) {
        return entries.containsKey(BBytes.of(key));
    }

    public int size() {
        return entries.size();
    }

    /**
     * The bytes of the value under {@code key} exactly as they were in the decoded input; for a
     * dictionary built in code, the canonical encoding.
     */
    public Optional<byte[]> rawValue(String key) {
        BBytes k = BBytes.of(key);
        BValue v = entries.get(k);
        if (v == null) return Optional.empty();
        if (origin != null) {
            ByteSpan span = origin.spans().get(k);
            if (span != null) return Optional.of(span.copyFrom(origin.source()));
        }
        return Optional.of(Bencode.encode(v));
    }

    @Override
    public String kind() {
        return "a dictionary";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BDict d && entries.equals(d.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return "BDict" + entries;
    }

    /** Builds a dictionary in code; the order of puts does not matter. */
    public static final class Builder {
        private final Map<BBytes, BValue> entries = new LinkedHashMap<>();

        public Builder put(String key, BValue value) {
            entries.put(BBytes.of(key), Objects.requireNonNull(value));
            return this;
        }

        public Builder put(String key, long value) {
            return put(key, new BInt(value));
        }

        public Builder put(String key, String utf8) {
            return put(key, BBytes.of(utf8));
        }

        public Builder put(String key, byte[] bytes) {
            return put(key, new BBytes(bytes));
        }

        public BDict build() {
            return new BDict(entries);
        }
    }
}
