package connectivity.torrent.peer;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The 68-byte opening of every peer connection: protocol name, reserved bits, info-hash, peer id. */
public record Handshake(byte[] reserved, byte[] infoHash, byte[] peerId) {
    private static final byte[] PROTOCOL = "BitTorrent protocol".getBytes(StandardCharsets.US_ASCII);
    public static final int LENGTH = 68;

    public Handshake {
        if (reserved.length != 8 || infoHash.length != 20 || peerId.length != 20) {
            throw new IllegalArgumentException("handshake fields have the wrong size");
        }
        reserved = reserved.clone();
        infoHash = infoHash.clone();
        peerId = peerId.clone();
    }

    /** Our handshake: fast extension (BEP 6) and extension protocol (BEP 10) bits set. */
    public static Handshake ours(byte[] infoHash, byte[] peerId) {
        byte[] reserved = new byte[8];
        reserved[5] |= 0x10; // BEP 10
        reserved[7] |= 0x04; // BEP 6
        return new Handshake(reserved, infoHash, peerId);
    }

    public boolean supportsFast() {
        return (reserved[7] & 0x04) != 0;
    }

    public boolean supportsExtensions() {
        return (reserved[5] & 0x10) != 0;
    }

    public boolean sameTorrent(byte[] otherInfoHash) {
        return Arrays.equals(infoHash, otherInfoHash);
    }

    public void write(OutputStream out) throws IOException {
        byte[] b = new byte[LENGTH];
        b[0] = 19;
        System.arraycopy(PROTOCOL, 0, b, 1, 19);
        System.arraycopy(reserved, 0, b, 20, 8);
        System.arraycopy(infoHash, 0, b, 28, 20);
        System.arraycopy(peerId, 0, b, 48, 20);
        out.write(b);
        out.flush();
    }

    public static Handshake read(InputStream in) throws IOException {
        byte[] b = new byte[LENGTH];
        new DataInputStream(in).readFully(b);
        if (b[0] != 19 || !Arrays.equals(b, 1, 20, PROTOCOL, 0, 19)) {
            throw new PeerProtocolException("not a BitTorrent handshake");
        }
        return new Handshake(Arrays.copyOfRange(b, 20, 28), Arrays.copyOfRange(b, 28, 48), Arrays.copyOfRange(b, 48, 68));
    }
}
