package connectivity.http.h2;

import connectivity.http.Headers;
import java.util.List;

/**
 * A request's header list checked against RFC 9113 8.2 and 8.3 and mapped to what the handlers see.
 * Malformed (a stream error, PROTOCOL_ERROR): upper-case or invalid names, values with CR, LF, NUL or
 * surrounding white space, pseudo-fields after regular ones, unknown, repeated or response
 * pseudo-fields, connection-specific fields, TE other than "trailers", a missing :method, :scheme or
 * :path (CONNECT, which we do not serve, has only :method and :authority). Cookie fields are joined
 * with "; " (8.2.3); :authority becomes Host when the request has none.
 */
record RequestHead(String method, String target, Headers headers) {
    private static final List<String> CONNECTION_SPECIFIC = List.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "upgrade");

    static RequestHead of(int streamId, List<HeaderField> fields) throws H2Exception {
        String method = null, scheme = null, path = null, authority = null;
        boolean regularSeen = false;
        Headers.Builder headers = Headers.builder();
        StringBuilder cookie = null;
        for (HeaderField f : fields) {
            String name = f.name();
            String value = f.value();
            checkName(streamId, name);
            checkValue(streamId, name, value);
            if (name.startsWith(":")) {
                if (regularSeen) throw malformed(streamId, "pseudo-header " + name + " after a regular field");
                switch (name) {
                    case ":method" -> method = once(streamId, name, method, value);
                    case ":scheme" -> scheme = once(streamId, name, scheme, value);
                    case ":path" -> path = once(streamId, name, path, value);
                    case ":authority" -> authority = once(streamId, name, authority, value);
                    default -> throw malformed(streamId, "pseudo-header " + name + " in a request");
                }
                continue;
            }
            regularSeen = true;
            if (CONNECTION_SPECIFIC.contains(name)) throw malformed(streamId, "connection-specific field " + name);
            if (name.equals("te") && !value.equals("trailers")) throw malformed(streamId, "TE other than trailers");
            if (name.equals("cookie")) {
                cookie = cookie == null ? new StringBuilder(value) : cookie.append("; ").append(value);
                continue;
            }
            add(streamId, headers, name, value);
        }
        if (method == null) throw malformed(streamId, "no :method");
        if (method.equals("CONNECT")) {
            if (scheme != null || path != null || authority == null) throw malformed(streamId, "CONNECT with :scheme or :path");
            return new RequestHead(method, "", headers.build()); // the exchange answers it (405 or 400)
        }
        if (scheme == null || path == null || path.isEmpty()) throw malformed(streamId, "no :scheme or :path");
        if (cookie != null) add(streamId, headers, "cookie", cookie.toString());
        if (authority != null && !headers.contains("host")) add(streamId, headers, "host", authority);
        return new RequestHead(method, path, headers.build());
    }

    /** Trailers: regular fields only. */
    /** Checks trailer fields (no pseudo-headers, the field syntax of headers) and returns them as Headers. */
    static Headers trailers(int streamId, List<HeaderField> fields) throws H2Exception {
        Headers.Builder trailers = Headers.builder();
        for (HeaderField f : fields) {
            if (f.name().startsWith(":")) throw malformed(streamId, "pseudo-header in trailers");
            checkName(streamId, f.name());
            checkValue(streamId, f.name(), f.value());
            add(streamId, trailers, f.name(), f.value());
        }
        return trailers.build();
    }

    private static void add(int streamId, Headers.Builder headers, String name, String value) throws H2Exception {
        try {
            headers.add(name, value);
        } catch (IllegalArgumentException e) {
            throw malformed(streamId, "invalid field " + name); // a control character the checks above let through
        }
    }

    private static String once(int streamId, String name, String previous, String value) throws H2Exception {
        if (previous != null) throw malformed(streamId, "repeated " + name);
        return value;
    }

    private static void checkName(int streamId, String name) throws H2Exception {
        int start = name.startsWith(":") ? 1 : 0;
        if (name.length() == start) throw malformed(streamId, "empty field name");
        for (int i = start; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) throw malformed(streamId, "invalid character in field name");
        }
    }

    private static void checkValue(int streamId, String name, String value) throws H2Exception {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0 || c == '\r' || c == '\n') throw malformed(streamId, "invalid character in " + name);
        }
        if (!value.isEmpty() && (isSpace(value.charAt(0)) || isSpace(value.charAt(value.length() - 1)))) {
            throw malformed(streamId, "white space around the value of " + name);
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    private static H2Exception malformed(int streamId, String why) {
        return H2Exception.stream(streamId, ErrorCode.PROTOCOL_ERROR, "malformed request: " + why);
    }
}
