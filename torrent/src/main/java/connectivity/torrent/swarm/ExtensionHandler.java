package connectivity.torrent.swarm;

import java.io.IOException;
import java.util.OptionalLong;

/**
 * One BEP 10 extension message ({@code ut_metadata}, {@code ut_pex}, ...): its name in the handshake's {@code m}
 * dictionary, and what to do when a peer sends it. Called on the peer's reader thread, without the swarm's lock.
 */
interface ExtensionHandler {
    String name();

    void onMessage(PeerSession from, byte[] payload) throws IOException;

    /** BEP 9's {@code metadata_size} for our extension handshake: only the handler serving the metadata knows it. */
    default OptionalLong metadataSize() {
        return OptionalLong.empty();
    }
}
