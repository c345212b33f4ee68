package connectivity.cli.web;

import connectivity.net.Connection;
import connectivity.net.Listener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test server on 127.0.0.1 that reads each request head (and Content-Length body) and writes
 * whatever raw bytes the test's script returns, one request per connection.
 */
final class ScriptedServer implements AutoCloseable {
    record Request(String head, byte[] body) {
        String requestLine() {
            return head.substring(0, head.indexOf("\r\n"));
        }

        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) return line.substring(colon + 1).strip();
            }
            return null;
        }
    }

    @FunctionalInterface
    interface Script {
        /** Writes the answer to {@code request} on {@code out}; the connection closes afterwards. */
        void answer(Request request, OutputStream out, Connection connection) throws Exception;
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Listener listener;

    ScriptedServer(Script script) throws IOException {
        listener = Listener.start("scripted", "127.0.0.1", 0, c -> {
            Request r = read(c.input());
            if (r == null) return;
            requests.add(r);
            try {
                script.answer(r, c.output(), c);
                c.output().flush();
                c.shutdownOutput();
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        });
    }

    String url(String path) {
        return "http://127.0.0.1:" + listener.port() + path;
    }

    private static Request read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c < 0) return null;
            head.write(c);
            matched = (c == "\r\n\r\n".charAt(matched)) ? matched + 1 : (c == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        String length = new Request(text, null).header("Content-Length");
        byte[] body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
        return new Request(text, body);
    }

    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Override
    public void close() {
        listener.close();
    }
}
