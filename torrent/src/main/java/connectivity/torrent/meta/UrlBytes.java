package connectivity.torrent.meta;

/** Percent-encoding of raw bytes for query strings (RFC 3986 unreserved characters kept as they are). */
public final class UrlBytes {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UrlBytes() {}

    public static String encode(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return sb.toString();
    }
}
