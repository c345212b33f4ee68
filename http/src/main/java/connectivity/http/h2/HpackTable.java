package connectivity.http.h2;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The HPACK index space (RFC 7541 2.3): the static table (indices 1..61) followed by the dynamic
 * table, newest entry first, whose size (entry sizes per 4.1) never exceeds its maximum: adding
 * evicts the oldest entries, and an entry larger than the maximum empties the table.
 */
final class HpackTable {
    static final HeaderField[] STATIC = {
        null,
        new HeaderField(":authority", ""),
        new HeaderField(":method", "GET"),
        new HeaderField(":method", "POST"),
        new HeaderField(":path", "/"),
        new HeaderField(":path", "/index.html"),
        new HeaderField(":scheme", "http"),
        new HeaderField(":scheme", "https"),
        new HeaderField(":status", "200"),
        new HeaderField(":status", "204"),
        new HeaderField(":status", "206"),
        new HeaderField(":status", "304"),
        new HeaderField(":status", "400"),
        new HeaderField(":status", "404"),
        new HeaderField(":status", "500"),
        new HeaderField("accept-charset", ""),
        new HeaderField("accept-encoding", "gzip, deflate"),
        new HeaderField("accept-language", ""),
        new HeaderField("accept-ranges", ""),
        new HeaderField("accept", ""),
        new HeaderField("access-control-allow-origin", ""),
        new HeaderField("age", ""),
        new HeaderField("allow", ""),
        new HeaderField("authorization", ""),
        new HeaderField("cache-control", ""),
        new HeaderField("content-disposition", ""),
        new HeaderField("content-encoding", ""),
        new HeaderField("content-language", ""),
        new HeaderField("content-length", ""),
        new HeaderField("content-location", ""),
        new HeaderField("content-range", ""),
        new HeaderField("content-type", ""),
        new HeaderField("cookie", ""),
        new HeaderField("date", ""),
        new HeaderField("etag", ""),
        new HeaderField("expect", ""),
        new HeaderField("expires", ""),
        new HeaderField("from", ""),
        new HeaderField("host", ""),
        new HeaderField("if-match", ""),
        new HeaderField("if-modified-since", ""),
        new HeaderField("if-none-match", ""),
        new HeaderField("if-range", ""),
        new HeaderField("if-unmodified-since", ""),
        new HeaderField("last-modified", ""),
        new HeaderField("link", ""),
        new HeaderField("location", ""),
        new HeaderField("max-forwards", ""),
        new HeaderField("proxy-authenticate", ""),
        new HeaderField("proxy-authorization", ""),
        new HeaderField("range", ""),
        new HeaderField("referer", ""),
        new HeaderField("refresh", ""),
        new HeaderField("retry-after", ""),
        new HeaderField("server", ""),
        new HeaderField("set-cookie", ""),
        new HeaderField("strict-transport-security", ""),
        new HeaderField("transfer-encoding", ""),
        new HeaderField("user-agent", ""),
        new HeaderField("vary", ""),
        new HeaderField("via", ""),
        new HeaderField("www-authenticate", ""),
    };
    static final int STATIC_COUNT = STATIC.length - 1;

    private static final Map<String, Integer> STATIC_NAMES = new HashMap<>();
    private static final Map<HeaderField, Integer> STATIC_FIELDS = new HashMap<>();

    static {
        for (int i = STATIC_COUNT; i >= 1; i--) {
            STATIC_NAMES.put(STATIC[i].name(), i); // lowest index wins
            STATIC_FIELDS.put(STATIC[i], i);
        }
    }

    private final ArrayDeque<HeaderField> dynamic = new ArrayDeque<>(); // newest first
    private int size;
    private int maxSize;

    HpackTable(int maxSize) {
        this.maxSize = maxSize;
    }

    int size() {
        return size;
    }

    int maxSize() {
        return maxSize;
    }

    int dynamicCount() {
        return dynamic.size();
    }

    /** The entry at an index (1-based across both tables), or null if there is none. */
    HeaderField get(int index) {
        if (index >= 1 && index <= STATIC_COUNT) return STATIC[index];
        int d = index - STATIC_COUNT - 1;
        if (d < 0 || d >= dynamic.size()) return null;
        Iterator<HeaderField> it = dynamic.iterator();
        for (int i = 0; i < d; i++) it.next();
        return it.next();
    }

    void add(HeaderField field) {
        int s = field.size();
        if (s > maxSize) {
            dynamic.clear();
            size = 0;
            return;
        }
        while (size + s > maxSize) size -= dynamic.removeLast().size();
        dynamic.addFirst(field);
        size += s;
    }

    void resize(int newMax) {
        maxSize = newMax;
        while (size > maxSize) size -= dynamic.removeLast().size();
    }

    /** The index of an entry equal to this field, or 0. */
    int indexOf(HeaderField field) {
        Integer s = STATIC_FIELDS.get(field);
        if (s != null) return s;
        int i = STATIC_COUNT + 1;
        for (HeaderField f : dynamic) {
            if (f.equals(field)) return i;
            i++;
        }
        return 0;
    }

    /** The index of an entry with this name, or 0. */
    int indexOfName(String name) {
        Integer s = STATIC_NAMES.get(name);
        if (s != null) return s;
        int i = STATIC_COUNT + 1;
        for (HeaderField f : dynamic) {
            if (f.name().equals(name)) return i;
            i++;
        }
        return 0;
    }
}
