package connectivity.http;

/** Character classes from RFC 9110 and RFC 3986, as lookup tables. */
final class Syntax {
    private static final boolean[] TCHAR = new boolean[128];
    private static final boolean[] TARGET = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) TCHAR[c] = true;
        for (char c = 'a'; c <= 'z'; c++) TCHAR[c] = true;
        for (char c = 'A'; c <= 'Z'; c++) TCHAR[c] = true;
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) TCHAR[c] = true;
        // RFC 3986: unreserved, gen-delims, sub-delims and '%' (pct-encoding checked separately).
        for (char c = '0'; c <= '9'; c++) TARGET[c] = true;
        for (char c = 'a'; c <= 'z'; c++) TARGET[c] = true;
        for (char c = 'A'; c <= 'Z'; c++) TARGET[c] = true;
        for (char c : "-._~:/?#[]@!$&'()*+,;=%".toCharArray()) TARGET[c] = true;
    }

    private Syntax() {}

    static boolean isTchar(int c) {
        return c < 128 && c >= 0 && TCHAR[c];
    }

    static boolean isToken(CharSequence s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) if (!isTchar(s.charAt(i))) return false;
        return true;
    }

    static boolean isTargetChar(int c) {
        return c < 128 && c >= 0 && TARGET[c];
    }

    /** field-vchar, SP or HTAB: visible ASCII, obs-text (0x80-0xFF), space, tab. */
    static boolean isFieldValueChar(int c) {
        return c == '\t' || (c >= 0x20 && c != 0x7f && c <= 0xff);
    }

    static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static int hexValue(int c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
}
