package connectivity.torrent.tracker;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Objects;

/** A peer a tracker handed out: where to connect, and its peer id when the tracker said (empty otherwise). */
public record TrackerPeer(InetSocketAddress address, byte[] peerId) {
    public TrackerPeer {
        Objects.requireNonNull(address);
        peerId = peerId.clone();
    }

    public TrackerPeer(InetSocketAddress address) {
        this(address, new byte[0]);
    }

    @Override
    public byte[] peerId() {
        return peerId.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrackerPeer p && address.equals(p.address) && Arrays.equals(peerId, p.peerId);
    }

    @Override
    public int hashCode() {
        return address.hashCode() * 31 + Arrays.hashCode(peerId);
    }

    @Override
    public String toString() {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
