package connectivity.http.server;

import connectivity.http.HttpParseException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Splits a request-target into path and query and percent-decodes paths. */
final class Targets {
    private Targets() {}

    /**
     * The raw path of an origin-form or absolute-form target ("/" when an absolute-form has none),
     * or the target itself for "*".
     */
    static String rawPath(String target) {
        int start = 0;
        if (!target.startsWith("/") && !target.equals("*")) {
            int scheme = target.indexOf("://");
            if (scheme < 0) return target;
            int slash = target.indexOf('/', scheme + 3);
            int question = target.indexOf('?', scheme + 3);
            if (slash < 0 || (question >= 0 && question < slash)) return "/";
            start = slash;
        }
        int q = target.indexOf('?', start);
        return q < 0 ? target.substring(start) : target.substring(start, q);
    }

    /** The raw query (after the first '?'), or "" when there is none. */
    static String rawQuery(String target) {
        int q = target.indexOf('?');
        return q < 0 ? "" : target.substring(q + 1);
    }

    /** Whether the target is absolute-form with an http or https scheme. */
    static boolean isAbsoluteForm(String target) {
        int scheme = target.indexOf("://");
        if (scheme <= 0) return false;
        String s = target.substring(0, scheme);
        return s.equalsIgnoreCase("http") || s.equalsIgnoreCase("https");
    }

    /**
     * Percent-decodes a path as UTF-8 ('+' stays '+').
     *
     * @throws HttpParseException 400 when the bytes are not UTF-8 (escapes were validated by the parser)
     */
    static String decodePath(String raw) throws HttpParseException {
        if (raw.indexOf('%') < 0) return raw;
        byte[] bytes = new byte[raw.length()];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()) {
                bytes[n++] = (byte) ((Character.digit(raw.charAt(i + 1), 16) << 4) | Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else {
                bytes[n++] = (byte) c;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, n))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new HttpParseException(400, "path is not UTF-8");
        }
    }
}
