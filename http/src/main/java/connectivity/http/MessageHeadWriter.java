package connectivity.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Serialises a message head: start line, fields, blank line, in ISO-8859-1 as one byte array so it
 * can go out in a single write. Names and values were validated by {@link Headers}, so no field
 * can smuggle a line break.
 */
public final class MessageHeadWriter {
    private MessageHeadWriter() {}

    /** The bytes of a request head. */
    public static byte[] encode(RequestLine line, Headers headers) {
        return encode(line.toString(), headers);
    }

    /** The bytes of a response head. */
    public static byte[] encode(StatusLine line, Headers headers) {
        return encode(line.toString(), headers);
    }

    /** Writes a head (does not flush). */
    public static void write(OutputStream out, StatusLine line, Headers headers) throws IOException {
        out.write(encode(line, headers));
    }

    /** Writes a head (does not flush). */
    public static void write(OutputStream out, RequestLine line, Headers headers) throws IOException {
        out.write(encode(line, headers));
    }

    private static byte[] encode(String startLine, Headers headers) {
        int size = startLine.length() + 4;
        for (int i = 0; i < headers.size(); i++) size += headers.name(i).length() + headers.value(i).length() + 4;
        byte[] out = new byte[size];
        int p = put(out, 0, startLine);
        out[p++] = '\r';
        out[p++] = '\n';
        for (int i = 0; i < headers.size(); i++) {
            p = put(out, p, headers.name(i));
            out[p++] = ':';
            out[p++] = ' ';
            p = put(out, p, headers.value(i));
            out[p++] = '\r';
            out[p++] = '\n';
        }
        out[p++] = '\r';
        out[p] = '\n';
        return out;
    }

    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int) is exactly ISO-8859-1 for our validated text
    private static int put(byte[] out, int p, String s) {
        s.getBytes(0, s.length(), out, p);
        return p + s.length();
    }
}
