package connectivity.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * An immutable, ordered list of header fields. Names compare case-insensitively and keep the
 * spelling they were given; repeated names are kept as separate fields in arrival order.
 * Values never contain CR, LF or NUL, so writing them out cannot inject extra fields.
 */
public final class Headers {
    /** No fields at all. */
    public static final Headers EMPTY = new Headers(new String[0], 0);

    /** One name/value pair. */
    public record Field(String name, String value) {}

    // Alternating name, value; a flat array keeps parsing and lookup cheap on the hot path.
    private final String[] pairs;
    private final int size;

    private Headers(String[] pairs, int size) {
        this.pairs = pairs;
        this.size = size;
    }

    /** Starts an empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Headers built from alternating name, value arguments, validated like {@link Builder#add}. */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) throw new IllegalArgumentException("names and values must pair up");
        Builder b = builder();
        for (int i = 0; i < namesAndValues.length; i += 2) b.add(namesAndValues[i], namesAndValues[i + 1]);
        return b.build();
    }

    /** A builder holding a copy of these fields, to derive a changed set. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.pairs = Arrays.copyOf(pairs, Math.max(8, size * 2));
        b.size = size;
        return b;
    }

    /** The value of the first field with this name (any case), if there is one. */
    public Optional<String> first(String name) {
        return Optional.ofNullable(firstOrNull(name));
    }

    /** Like {@link #first} without the Optional, for hot paths: null when absent. */
    public String firstOrNull(String name) {
        for (int i = 0; i < size; i++) {
            if (pairs[2 * i].equalsIgnoreCase(name)) return pairs[2 * i + 1];
        }
        return null;
    }

    /** The values of every field with this name (any case), in order; empty when absent. */
    public List<String> all(String name) {
        List<String> out = null;
        for (int i = 0; i < size; i++) {
            if (pairs[2 * i].equalsIgnoreCase(name)) {
                if (out == null) out = new ArrayList<>(2);
                out.add(pairs[2 * i + 1]);
            }
        }
        return out == null ? List.of() : Collections.unmodifiableList(out);
    }

    /** Whether a field with this name (any case) is present. */
    public boolean contains(String name) {
        return firstOrNull(name) != null;
    }

    /** Number of fields (a repeated name counts each time). */
    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The name of the i-th field as received. */
    public String name(int i) {
        return pairs[2 * checkIndex(i)];
    }

    /** The value of the i-th field. */
    public String value(int i) {
        return pairs[2 * checkIndex(i) + 1];
    }

    private int checkIndex(int i) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException(i);
        return i;
    }

    /** Every field in order. */
    public List<Field> fields() {
        List<Field> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) out.add(new Field(pairs[2 * i], pairs[2 * i + 1]));
        return Collections.unmodifiableList(out);
    }

    /**
     * Whether a comma-separated list header (e.g. Connection) has this element, case-insensitively,
     * across all of its fields.
     */
    public boolean hasToken(String name, String token) {
        for (int i = 0; i < size; i++) {
            if (!pairs[2 * i].equalsIgnoreCase(name)) continue;
            for (String part : pairs[2 * i + 1].split(",")) {
                if (part.strip().equalsIgnoreCase(token)) return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Headers h) || h.size != size) return false;
        for (int i = 0; i < 2 * size; i++) if (!pairs[i].equals(h.pairs[i])) return false;
        return true;
    }

    @Override
    public int hashCode() {
        int h = size;
        for (int i = 0; i < 2 * size; i++) h = 31 * h + pairs[i].hashCode();
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Headers[");
        for (int i = 0; i < size; i++) {
            if (i > 0) sb.append(", ");
            sb.append(pairs[2 * i]).append(": ").append(pairs[2 * i + 1]);
        }
        return sb.append(']').toString();
    }

    /** Collects fields; {@link #add} and {@link #set} validate names and values. */
    public static final class Builder {
        private String[] pairs = new String[16];
        private int size;

        private Builder() {}

        /**
         * Appends a field.
         *
         * @throws IllegalArgumentException if the name is not an RFC 9110 token or the value holds CR, LF,
         *     NUL or another control character (other than tab)
         */
        public Builder add(String name, String value) {
            validate(name, value);
            return addTrusted(name, value);
        }

        /** Replaces every field with this name by one field with this value (appended at the end). */
        public Builder set(String name, String value) {
            validate(name, value);
            remove(name);
            return addTrusted(name, value);
        }

        /** Removes every field with this name (any case). */
        public Builder remove(String name) {
            int w = 0;
            for (int r = 0; r < size; r++) {
                if (!pairs[2 * r].equalsIgnoreCase(name)) {
                    pairs[2 * w] = pairs[2 * r];
                    pairs[2 * w + 1] = pairs[2 * r + 1];
                    w++;
                }
            }
            Arrays.fill(pairs, 2 * w, 2 * size, null);
            size = w;
            return this;
        }

        /** Whether a field with this name is present so far. */
        public boolean contains(String name) {
            for (int i = 0; i < size; i++) if (pairs[2 * i].equalsIgnoreCase(name)) return true;
            return false;
        }

        /** Number of fields added so far. */
        public int size() {
            return size;
        }

        /** For the parser, which has already checked every byte. */
        Builder addTrusted(String name, String value) {
            if (2 * size + 2 > pairs.length) pairs = Arrays.copyOf(pairs, pairs.length * 2);
            pairs[2 * size] = name;
            pairs[2 * size + 1] = value;
            size++;
            return this;
        }

        public Headers build() {
            return size == 0 ? EMPTY : new Headers(Arrays.copyOf(pairs, 2 * size), size);
        }

        private static void validate(String name, String value) {
            if (!Syntax.isToken(name)) throw new IllegalArgumentException("invalid header name: " + name);
            for (int i = 0; i < value.length(); i++) {
                if (!Syntax.isFieldValueChar(value.charAt(i))) {
                    throw new IllegalArgumentException("invalid character in value of header " + name);
                }
            }
        }
    }
}
