package connectivity.http.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlightOutputTest {
    /** Each write call that reaches the socket, as a string. */
    private static final class Writes extends OutputStream {
        final List<String> calls = new ArrayList<>();
        int flushes;

        @Override
        public void write(int b) {
            calls.add(String.valueOf((char) b));
        }

        @Override
        public void write(byte[] b, int off, int len) {
            calls.add(new String(b, off, len, StandardCharsets.ISO_8859_1));
        }

        @Override
        public void flush() {
            flushes++;
        }
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void aFlightWaitsForTheReadAndLeavesInOneWrite() throws IOException {
        Writes socket = new Writes();
        FlightOutput out = new FlightOutput(socket);
        write(out, "ServerHello");
        out.flush();
        write(out, "CCS");
        write(out, "EncryptedExtensions");
        out.flush();
        write(out, "Finished");
        out.flush();
        assertThat(socket.calls).isEmpty();

        out.sendPending(); // the handshake reads the client's Finished
        assertThat(socket.calls).containsExactly("ServerHelloCCSEncryptedExtensionsFinished");
        out.sendPending();
        assertThat(socket.calls).hasSize(1);
    }

    @Test
    void whatWaitsAtTheEndOfTheHandshakeLeavesWithTheFirstWriteThenWritesGoStraightThrough() throws IOException {
        Writes socket = new Writes();
        FlightOutput out = new FlightOutput(socket);
        write(out, "NewSessionTicket");
        out.release();
        assertThat(socket.calls).isEmpty();

        write(out, "response");
        write(out, "next");
        out.flush();
        assertThat(socket.calls).containsExactly("NewSessionTicketresponse", "next");
        assertThat(socket.flushes).isEqualTo(1);
    }

    @Test
    void afterTheHandshakeAReadSendsWhatWaitsAndAFlushToo() throws IOException {
        Writes socket = new Writes();
        FlightOutput out = new FlightOutput(socket);
        write(out, "NewSessionTicket");
        out.release();
        out.sendPending();
        assertThat(socket.calls).containsExactly("NewSessionTicket");

        Writes other = new Writes();
        FlightOutput flushed = new FlightOutput(other);
        write(flushed, "NewSessionTicket");
        flushed.release();
        flushed.flush();
        assertThat(other.calls).containsExactly("NewSessionTicket");
    }

    @Test
    void aVeryLargeFlightDoesNotWaitWhole() throws IOException {
        Writes socket = new Writes();
        FlightOutput out = new FlightOutput(socket);
        byte[] chunk = new byte[16 * 1024];
        for (int i = 0; i < 4; i++) out.write(chunk);
        assertThat(socket.calls).hasSize(1);
        assertThat(socket.calls.get(0)).hasSize(4 * chunk.length);
        out.write(chunk);
        assertThat(socket.calls).hasSize(1);
    }

    @Test
    void closeSendsWhatWaits() throws IOException {
        ByteArrayOutputStream socket = new ByteArrayOutputStream();
        FlightOutput out = new FlightOutput(socket);
        write(out, "alert");
        out.close();
        assertThat(socket.toString(StandardCharsets.ISO_8859_1)).isEqualTo("alert");
    }
}
