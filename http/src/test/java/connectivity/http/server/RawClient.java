package connectivity.http.server;

import connectivity.http.BodyFraming;
import connectivity.http.Headers;
import connectivity.http.MessageHeadReader;
import connectivity.http.StatusLine;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A test client that writes exactly the bytes it is given and reads responses with our own parser. */
final class RawClient implements Closeable {
    final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final MessageHeadReader reader;

    record Reply(int status, Headers headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.firstOrNull(name);
        }
    }

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.reader = new MessageHeadReader(in);
    }

    static RawClient connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(10_000);
        return new RawClient(s);
    }

    RawClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Reads one response (skipping none: a 100 Continue is returned as such). */
    Reply read(String method) throws IOException {
        StatusLine status = reader.readStatusLine();
        if (status == null) throw new java.io.EOFException("server closed the connection instead of answering");
        Headers headers = reader.readHeaders();
        if (status.code() < 200) return new Reply(status.code(), headers, new byte[0]);
        byte[] body = BodyFraming.ofResponse(method, status.code(), headers).open(in, 1L << 31).readAllBytes();
        return new Reply(status.code(), headers, body);
    }

    Reply read() throws IOException {
        return read("GET");
    }

    Reply exchange(String request) throws IOException {
        send(request);
        return read(request.substring(0, request.indexOf(' ')));
    }

    /** Whether the server has closed (end of stream or reset) within the socket timeout. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset
        }
    }

    /** Whether the server sends nothing more for this long (and has not closed). */
    boolean silentFor(int millis) throws IOException {
        int old = socket.getSoTimeout();
        socket.setSoTimeout(millis);
        try {
            in.read();
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(old);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: test\r\n\r\n";
    }
}
