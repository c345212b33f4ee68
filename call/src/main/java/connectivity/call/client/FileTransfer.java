package connectivity.call.client;

import connectivity.call.wire.CallProtocolException;
import connectivity.call.wire.InCallMessage;
import connectivity.net.support.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Files both ways within one call: sent in chunks, received into a temporary file in the save
 * directory and checked against the sender's SHA-256 before an atomic rename.
 */
final class FileTransfer {
    static final int CHUNK = 32 * 1024;

    private final Call call;
    private final ClientEvents events;
    private final Path saveTo;
    private final Map<String, IncomingFile> files = new ConcurrentHashMap<>();

    FileTransfer(Call call, ClientEvents events, Path saveTo) {
        this.call = call;
        this.events = events;
        this.saveTo = saveTo;
    }

    /** Streams {@code file} as item {@code item}, blocking until it is sent. */
    void send(String item, Path file) throws IOException {
        long size = Files.size(file);
        String name = file.getFileName().toString();
        call.send(new InCallMessage.FileBegin(item, name, size));
        MessageDigest sha = sha256();
        byte[] buf = new byte[CHUNK];
        long sent = 0;
        long reportEvery = Math.max(size / 10, 1 << 20);
        long nextReport = reportEvery;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
                byte[] chunk = Arrays.copyOf(buf, n);
                sha.update(chunk);
                call.send(new InCallMessage.FileChunk(item, chunk));
                sent += n;
                if (sent >= nextReport || sent == size) {
                    events.transferProgress(call, "sending " + name, sent, size);
                    nextReport += reportEvery;
                }
            }
        }
        call.send(new InCallMessage.FileEnd(item, HexFormat.of().formatHex(sha.digest()), sent));
    }

    void begin(InCallMessage.FileBegin m) throws IOException {
        String item = m.item();
        String name = Call.safeName(m.name());
        long size = m.size();
        Files.createDirectories(saveTo);
        Path tmp = Files.createTempFile(saveTo, "." + name + ".", ".part");
        files.put(item, new IncomingFile(name, size, tmp, new DigestOutputStream(Files.newOutputStream(tmp), sha256())));
    }

    void chunk(InCallMessage.FileChunk m) throws IOException {
        IncomingFile f = files.get(m.item());
        if (f == null) throw new CallProtocolException("chunk for an unknown file");
        f.out.write(m.data());
        f.received += m.data().length;
        if (f.received > f.size) throw new CallProtocolException("file " + f.name + " is longer than announced");
        if (f.received >= f.nextReport || f.received == f.size) {
            events.transferProgress(call, "receiving " + f.name, f.received, f.size);
            f.nextReport += Math.max(f.size / 10, 1 << 20);
        }
    }

    /** Verifies and saves (or discards) the file; returns what arrived and its ACK. */
    Finished end(InCallMessage.FileEnd m) throws IOException {
        String item = m.item();
        IncomingFile f = files.remove(item);
        if (f == null) throw new CallProtocolException("end of an unknown file");
        f.out.close();
        String actual = HexFormat.of().formatHex(f.out.getMessageDigest().digest());
        boolean ok = f.received == f.size && actual.equals(m.sha256());
        String detail;
        if (ok) {
            Path target = saveTo.resolve(f.name);
            AtomicFiles.replace(f.tmp, target);
            detail = f.size + " bytes, sha256 ok, saved " + target;
        } else {
            Files.deleteIfExists(f.tmp);
            detail = f.received != f.size ? "got " + f.received + " of " + f.size + " bytes" : "sha256 mismatch";
        }
        var ack = new InCallMessage.Ack(item, "file", f.name, ok, ok ? f.size + " bytes, sha256 ok" : detail);
        return new Finished(new Delivery("file", f.name, ok, detail), ack);
    }

    /** The call ended: partial files are deleted. */
    void cleanUp() {
        for (IncomingFile f : files.values()) {
            try {
                f.out.close();
                Files.deleteIfExists(f.tmp);
            } catch (IOException ignored) {
                // best effort
            }
        }
        files.clear();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class IncomingFile {
        final String name;
        final long size;
        final Path tmp;
        final DigestOutputStream out;
        long received;
        long nextReport;

        IncomingFile(String name, long size, Path tmp, DigestOutputStream out) {
            this.name = name;
            this.size = size;
            this.tmp = tmp;
            this.out = out;
            this.nextReport = Math.max(size / 10, 1 << 20);
        }
    }
}
