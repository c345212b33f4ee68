package connectivity.torrent.swarm;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * A peer's byte stream read from its channel straight into one direct buffer. Messages can be looked at in
 * place ({@link #require}, {@link #peekInt}, {@link #take}), so a block's bytes go from this buffer to the hash
 * and to the file with no copy on our side; everything else reads it as an ordinary stream.
 * Not thread-safe: the peer's reader thread alone uses it.
 */
final class ChannelInput extends InputStream {
    private final ReadableByteChannel channel;
    /** Unread bytes lie between position and limit. */
    private final ByteBuffer buffer;
    private volatile long lastReadNanos = System.nanoTime();

    ChannelInput(ReadableByteChannel channel, int capacity) {
        this.channel = channel;
        this.buffer = ByteBuffer.allocateDirect(capacity).flip();
    }

    /** Puts bytes already read from the connection by someone else (past the handshake) in front of the rest. */
    void prepend(byte[] bytes) {
        if (buffer.hasRemaining() || bytes.length > buffer.capacity()) throw new IllegalStateException("prepend only before reading");
        buffer.clear().put(bytes).flip();
    }

    /** Bytes already read from the channel and not yet consumed (no system call). */
    int buffered() {
        return buffer.remaining();
    }

    /** When bytes last arrived: the reader has no socket timeout, so whoever watches for idle peers asks this. */
    long lastReadNanos() {
        return lastReadNanos;
    }

    /** Reads until at least {@code count} bytes (at most the capacity) are buffered; end of stream is an {@link EOFException}. */
    void require(int count) throws IOException {
        if (count > buffer.capacity()) throw new IllegalArgumentException(count + " bytes do not fit the buffer");
        while (buffer.remaining() < count) {
            if (buffer.capacity() - buffer.limit() < count - buffer.remaining()) buffer.compact().flip();
            int unread = buffer.position();
            buffer.position(buffer.limit()).limit(buffer.capacity());
            int n;
            try {
                n = channel.read(buffer);
            } finally {
                buffer.limit(buffer.position()).position(unread);
            }
            if (n < 0) throw new EOFException("the peer closed the connection");
            lastReadNanos = System.nanoTime();
        }
    }

    /** The big-endian int {@code offset} bytes into what is buffered (call {@link #require} first). */
    int peekInt(int offset) {
        return buffer.getInt(buffer.position() + offset);
    }

    int peekUnsignedByte(int offset) {
        return buffer.get(buffer.position() + offset) & 0xFF;
    }

    void skip(int count) {
        buffer.position(buffer.position() + count);
    }

    /** The next {@code count} buffered bytes, consumed; the view is valid until the next read. */
    ByteBuffer take(int count) {
        ByteBuffer view = buffer.slice(buffer.position(), count);
        skip(count);
        return view;
    }

    @Override
    public int read() throws IOException {
        try {
            require(1);
        } catch (EOFException e) {
            return -1;
        }
        return buffer.get() & 0xFF;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) return 0;
        try {
            require(1);
        } catch (EOFException e) {
            return -1;
        }
        int n = Math.min(length, buffer.remaining());
        buffer.get(into, offset, n);
        return n;
    }

    @Override
    public int available() {
        return buffer.remaining();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
