package connectivity.bench.call;

import connectivity.call.relay.RelayTokens;
import connectivity.call.wire.Frames;
import connectivity.call.wire.WireMessage;
import connectivity.call.wire.MessageChannel;
import connectivity.net.Connection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Load generator for bench/relay-vs-socat.sh. For N concurrent "calls", one side streams M MiB in
 * 64 KiB frames and the other reads them, either through our relay (JOIN with tokens minted from the
 * relay's secret file) or through a socat forwarder to a sink. Prints MiB/s for the run.
 *
 * <pre>
 * relay HOST PORT SECRET_FILE CALLS MIB_PER_CALL
 * socat SOCAT_PORT SINK_PORT CALLS MIB_PER_CALL     (socat must forward SOCAT_PORT to SINK_PORT)
 * </pre>
 */
public final class RelayVsSocat {
    private static final int FRAME = 64 * 1024;
    private static final Duration T = Duration.ofSeconds(30);

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        double mibps = switch (mode) {
            case "relay" -> relay(args[1], Integer.parseInt(args[2]), Path.of(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]));
            case "socat" -> socat(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
            default -> throw new IllegalArgumentException("mode must be relay or socat");
        };
        System.out.printf("%.1f%n", mibps);
    }

    static double relay(String host, int port, Path secretFile, int calls, int mib) throws Exception {
        RelayTokens tokens = new RelayTokens(Files.readAllBytes(secretFile));
        List<Connection[]> pairs = new ArrayList<>();
        List<Thread> joins = new ArrayList<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (int i = 0; i < calls; i++) {
            String call = "bench-" + i;
            Connection[] pair = new Connection[2];
            pairs.add(pair);
            for (int side = 0; side < 2; side++) {
                int s = side;
                String token = tokens.issue(call, "user" + i + "-" + s);
                joins.add(Thread.ofVirtual().start(() -> {
                    try {
                        Connection c = Connection.dial(host, port, T);
                        c.readTimeout(T);
                        MessageChannel ch = new MessageChannel(c, Frames.MAX_CONTROL);
                        ch.send(WireMessage.of("JOIN", "token", token));
                        WireMessage m = ch.receive();
                        if (m != null && m.is("WAITING")) m = ch.receive();
                        if (m == null || !m.is("PAIRED")) throw new IOException("relay said " + m);
                        pair[s] = c;
                    } catch (Exception e) {
                        failure.set(e);
                    }
                }));
            }
        }
        for (Thread t : joins) t.join();
        if (failure.get() != null) throw failure.get();
        List<Socket[]> sockets = new ArrayList<>();
        for (Connection[] p : pairs) sockets.add(new Socket[] {p[0].socket(), p[1].socket()});
        return stream(sockets, mib);
    }

    static double socat(int socatPort, int sinkPort, int calls, int mib) throws Exception {
        try (ServerSocket sink = new ServerSocket(sinkPort, 1024, InetAddress.getLoopbackAddress())) {
            List<Socket[]> sockets = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                Socket sender = new Socket(InetAddress.getLoopbackAddress(), socatPort);
                sockets.add(new Socket[] {sender, sink.accept()});
            }
            return stream(sockets, mib);
        }
    }

    /** Streams {@code mib} MiB from [0] to [1] of every pair at once; returns aggregate MiB/s. */
    static double stream(List<Socket[]> pairs, int mib) throws Exception {
        long perCall = (long) mib << 20;
        CountDownLatch done = new CountDownLatch(pairs.size() * 2);
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime();
        for (Socket[] p : pairs) {
            Thread.ofVirtual().start(() -> {
                byte[] frame = new byte[FRAME + 4];
                frame[0] = 0;
                frame[1] = 1; // length header 0x00010000 = 64 KiB: a valid frame for the relay
                try (OutputStream out = p[0].getOutputStream()) {
                    for (long sent = 0; sent < perCall; sent += FRAME) out.write(frame);
                    p[0].shutdownOutput();
                } catch (IOException e) {
                    failure.set(e);
                } finally {
                    done.countDown();
                }
            });
            Thread.ofVirtual().start(() -> {
                byte[] buf = new byte[FRAME];
                long expect = perCall / FRAME * (FRAME + 4);
                long got = 0;
                try (InputStream in = p[1].getInputStream()) {
                    int n;
                    while (got < expect && (n = in.read(buf)) > 0) got += n;
                    if (got < expect) throw new IOException("short: " + got + " of " + expect);
                } catch (IOException e) {
                    failure.set(e);
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        for (Socket[] p : pairs) {
            p[0].close();
            p[1].close();
        }
        if (failure.get() != null) throw failure.get();
        return pairs.size() * (double) mib / seconds;
    }
}
