package connectivity.torrent.bencode;

import java.util.Arrays;

/** Where a value stood in the decoded input: {@code length} bytes from {@code offset}. */
public record ByteSpan(int offset, int length) {
    public ByteSpan {
        if (offset < 0 || length < 0) throw new IllegalArgumentException("negative span");
    }

    public byte[] copyFrom(byte[] source) {
        return Arrays.copyOfRange(source, offset, offset + length);
    }
}
