package connectivity.http.h2;

import java.util.ArrayList;
import java.util.List;

/**
 * A response header block checked as RFC 9113 8.3.2 asks: one {@code :status} of three digits, before
 * any regular field, no other pseudo-header, lower-case names. Malformed: a stream PROTOCOL_ERROR.
 */
record ResponseFields(int status, List<HeaderField> fields) {
    static ResponseFields of(int streamId, List<HeaderField> block) throws H2Exception {
        int status = -1;
        List<HeaderField> regular = new ArrayList<>(block.size());
        for (HeaderField f : block) {
            String name = f.name();
            if (name.startsWith(":")) {
                if (!name.equals(":status")) throw malformed(streamId, "pseudo-header " + name + " in a response");
                if (status >= 0) throw malformed(streamId, "two :status fields");
                if (!regular.isEmpty()) throw malformed(streamId, ":status after a regular field");
                status = parseStatus(streamId, f.value());
                continue;
            }
            if (name.isEmpty() || !name.equals(name.toLowerCase(java.util.Locale.ROOT))) {
                throw malformed(streamId, "field name not lower-case: " + name);
            }
            regular.add(f);
        }
        if (status < 0) throw malformed(streamId, "no :status");
        return new ResponseFields(status, regular);
    }

    private static int parseStatus(int streamId, String v) throws H2Exception {
        if (v.length() != 3 || !v.chars().allMatch(c -> c >= '0' && c <= '9') || v.charAt(0) == '0') {
            throw malformed(streamId, "bad :status " + v);
        }
        return Integer.parseInt(v);
    }

    private static H2Exception malformed(int streamId, String why) {
        return H2Exception.stream(streamId, ErrorCode.PROTOCOL_ERROR, why);
    }
}
