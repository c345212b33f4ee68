package connectivity.http.h2;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A scripted HTTP/2 client for tests: raw frames over a loopback socket, every read bounded. */
final class H2TestClient implements AutoCloseable {
    final Socket socket;
    final InputStream in;
    final OutputStream out;
    final HpackEncoder encoder = new HpackEncoder(4096);
    final HpackDecoder decoder = new HpackDecoder(4096, 1 << 20);
    final List<Frame> received = new ArrayList<>();

    H2TestClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Preface and an empty SETTINGS. */
    H2TestClient handshake() throws IOException {
        out.write(H2Connection.PREFACE);
        send(new Frame.Settings(false, List.of()));
        return this;
    }

    H2TestClient send(Frame f) throws IOException {
        out.write(FrameCodec.encode(f));
        out.flush();
        return this;
    }

    H2TestClient sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    byte[] block(String... nv) {
        List<HeaderField> fields = new ArrayList<>();
        for (int i = 0; i < nv.length; i += 2) fields.add(new HeaderField(nv[i], nv[i + 1]));
        return encoder.encode(fields);
    }

    byte[] get(String path) {
        return block(":method", "GET", ":scheme", "http", ":path", path, ":authority", "localhost");
    }

    /** A GET's header block from a fresh encoder (no dynamic table): valid whatever was sent before. */
    static byte[] request(String path) {
        return new HpackEncoder(0).encode(List.of(new HeaderField(":method", "GET"), new HeaderField(":scheme", "http"),
                new HeaderField(":path", path), new HeaderField(":authority", "localhost")));
    }

    /** The next frame; null when the server closed the connection. */
    Frame next() throws IOException {
        try {
            Frame f = FrameCodec.read(in, FrameCodec.MAX_MAX_FRAME_SIZE);
            if (f != null) received.add(f);
            return f;
        } catch (java.net.SocketException e) {
            return null; // reset by the server after it gave up on us
        }
    }

    /** Reads until a frame matches; fails at the connection's end or after 10 s of silence. */
    Frame until(Predicate<Frame> p) throws IOException {
        while (true) {
            Frame f = next();
            if (f == null) throw new AssertionError("connection ended; frames so far: " + received);
            if (p.test(f)) return f;
        }
    }

    Frame.GoAway goAway() throws IOException {
        return (Frame.GoAway) until(f -> f instanceof Frame.GoAway);
    }

    /** Reads until the server closes, returning whether it did (false if it stayed silent 10 s). */
    boolean closedByServer() throws IOException {
        try {
            while (next() != null) { }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    List<HeaderField> headersOf(Frame.Headers h) throws HpackException {
        return decoder.decode(h.block());
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
