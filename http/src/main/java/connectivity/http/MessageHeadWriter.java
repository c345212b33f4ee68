package connectivity.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Predicate;

/**
 * The one routine that writes a message head, for the client's requests and the server's responses:
 * start line, fields, blank line, in ISO-8859-1. Names and values were validated by {@link Headers},
 * so no field can smuggle a line break. The head goes to a {@link Sink}: the server's connection
 * output places it straight into its buffer; {@link #encode} builds one array for a single write.
 */
public final class MessageHeadWriter {
    private MessageHeadWriter() {}

    /** Where head text goes. */
    public interface Sink {
        /** Appends validated ISO-8859-1 text. */
        void latin1(String s) throws IOException;

        void crlf() throws IOException;
    }

    /** A start line (without its CRLF). */
    public static void startLine(Sink out, String line) throws IOException {
        out.latin1(line);
        out.crlf();
    }

    public static void field(Sink out, String name, String value) throws IOException {
        out.latin1(name);
        out.latin1(": ");
        out.latin1(value);
        out.crlf();
    }

    /** Every field of {@code headers} except those whose name {@code skip} accepts (fields the writer frames itself). */
    public static void fields(Sink out, Headers headers, Predicate<String> skip) throws IOException {
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i);
            if (!skip.test(name)) field(out, name, headers.value(i));
        }
    }

    /** The blank line that ends a head. */
    public static void end(Sink out) throws IOException {
        out.crlf();
    }

    /** The bytes of a request head. */
    public static byte[] encode(RequestLine line, Headers headers) {
        return encode(line.toString(), headers);
    }

    /** The bytes of a response head. */
    public static byte[] encode(StatusLine line, Headers headers) {
        return encode(line.toString(), headers);
    }

    /** Writes a head in one write (does not flush). */
    public static void write(OutputStream out, StatusLine line, Headers headers) throws IOException {
        out.write(encode(line, headers));
    }

    /** Writes a head in one write (does not flush). */
    public static void write(OutputStream out, RequestLine line, Headers headers) throws IOException {
        out.write(encode(line, headers));
    }

    private static byte[] encode(String startLine, Headers headers) {
        int size = startLine.length() + 4;
        for (int i = 0; i < headers.size(); i++) size += headers.name(i).length() + headers.value(i).length() + 4;
        ArraySink sink = new ArraySink(new byte[size]);
        try {
            startLine(sink, startLine);
            fields(sink, headers, name -> false);
            end(sink);
        } catch (IOException e) {
            throw new AssertionError("an array sink does not fail", e);
        }
        return sink.bytes;
    }

    /** Fills an array sized for the head. */
    private static final class ArraySink implements Sink {
        final byte[] bytes;
        int p;

        ArraySink(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int) is exactly ISO-8859-1 for our validated text
        public void latin1(String s) {
            s.getBytes(0, s.length(), bytes, p);
            p += s.length();
        }

        @Override
        public void crlf() {
            bytes[p++] = '\r';
            bytes[p++] = '\n';
        }
    }
}
