package connectivity.call.crypto;

import connectivity.call.wire.Frames;
import connectivity.call.wire.WireMessage;
import connectivity.call.wire.MessageChannel;
import connectivity.net.Connection;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Messages sealed with AES-256-GCM, one key per direction, the nonce a record counter: a record
 * that is altered, dropped, replayed or reordered fails authentication, and the call ends.
 */
public final class SecureChannel implements Closeable {
    private static final int TAG_BITS = 128;

    private final Connection connection;
    private final SecretKeySpec sendKey;
    private final SecretKeySpec receiveKey;
    private final Object writeLock = new Object();
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    private long sendCounter;
    private long receiveCounter;

    public SecureChannel(Connection connection, byte[] sendKey, byte[] receiveKey) {
        this.connection = connection;
        this.sendKey = new SecretKeySpec(sendKey, "AES");
        this.receiveKey = new SecretKeySpec(receiveKey, "AES");
    }

    public void send(WireMessage m) throws IOException {
        byte[] plain = m.encode();
        synchronized (writeLock) {
            byte[] sealed = crypt(Cipher.ENCRYPT_MODE, sendKey, sendCounter++, plain);
            Frames.write(connection.output(), sealed);
            connection.output().flush();
        }
    }

    /** The next message, or null if the peer closed the stream cleanly at a record boundary. */
    public WireMessage receive() throws IOException {
        byte[] sealed = Frames.read(connection.input(), Frames.MAX_RECORD);
        if (sealed == null) return null;
        if (sealed.length == 0) throw MessageChannel.relayNotice(connection);
        byte[] plain = crypt(Cipher.DECRYPT_MODE, receiveKey, receiveCounter++, sealed);
        return WireMessage.decode(plain);
    }

    private static byte[] crypt(int mode, SecretKeySpec key, long counter, byte[] input) throws IOException {
        byte[] nonce = ByteBuffer.allocate(12).putInt(0).putLong(counter).array();
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            return c.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new AuthenticationFailedException();
        } catch (GeneralSecurityException e) {
            if (mode == Cipher.DECRYPT_MODE) throw new AuthenticationFailedException();
            throw new IllegalStateException(e);
        }
    }

    public Connection connection() {
        return connection;
    }

    /** Blocks until {@link #close()} is called: lets the thread that owns the socket outlive the handshake. */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    @Override
    public void close() {
        connection.close();
        closed.countDown();
    }
}
