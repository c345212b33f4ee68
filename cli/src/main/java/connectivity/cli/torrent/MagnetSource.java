package connectivity.cli.torrent;

import connectivity.cli.CliFailure;
import connectivity.torrent.dht.DhtNode;
import connectivity.torrent.magnet.MagnetException;
import connectivity.torrent.magnet.MagnetLink;
import connectivity.torrent.magnet.MetadataFetch;
import connectivity.torrent.magnet.MetadataFiles;
import connectivity.torrent.magnet.PeerHint;
import connectivity.torrent.meta.Metainfo;
import connectivity.torrent.meta.MetainfoException;
import connectivity.torrent.swarm.OpenPeer;
import connectivity.torrent.swarm.PeerSource;
import connectivity.torrent.swarm.TrackerPeerSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code torrent get}'s argument when it is a magnet link: the torrent it stands for. A .torrent an earlier run left
 * in the output folder is used as it is; otherwise the metadata phase fetches the info dictionary from peers and
 * saves it there as {@code <name>.torrent}.
 */
final class MagnetSource {
    private MagnetSource() {}

    static boolean isMagnet(String argument) {
        return argument.regionMatches(true, 0, "magnet:", 0, 7);
    }

    static MagnetLink parse(String argument) {
        try {
            return MagnetLink.parse(argument);
        } catch (MagnetException e) {
            throw new CliFailure(CliFailure.BAD_INPUT, "bad magnet link: " + e.getMessage());
        }
    }

    /** The peers the link names ({@code x.pe}), as {@code --peer} gives them: HOST:PORT. */
    static List<String> hints(MagnetLink link) {
        return link.peers().stream().map(PeerHint::toString).toList();
    }

    /**
     * The torrent, the connections of the metadata phase for the download to go on with, and the saving of its .torrent
     * (none of either if it had no such phase).
     */
    record Resolved(Metainfo metainfo, List<OpenPeer> peers, Saving saving) {}

    /**
     * The .torrent being written beside the download on a thread of its own, while the download is prepared: the
     * write is forced to disk (atomic), which took up to a quarter of a second on the way to the first block when
     * the disk was busy. {@link #report} waits for it and says where it went.
     */
    static final class Saving {
        static final Saving NONE = new Saving();
        private static final Duration WAIT = Duration.ofSeconds(30);

        private final Thread thread;
        private volatile String state = "metadata", message;

        private Saving() {
            this.thread = null;
        }

        private Saving(Path output, Metainfo m, byte[] torrent, int infoLength) {
            this.thread = Thread.ofVirtual().name("torrent-file").start(() -> save(output, m, torrent, infoLength));
        }

        /** Starts writing {@code torrent} (whose info dictionary is {@code infoLength} bytes) into {@code output}. */
        static Saving start(Path output, Metainfo m, byte[] torrent, int infoLength) {
            return new Saving(output, m, torrent, infoLength);
        }

        private void save(Path output, Metainfo m, byte[] torrent, int infoLength) {
            try {
                Optional<Path> saved = MetadataFiles.save(output, m, torrent);
                message = saved.map(p -> "metadata: " + infoLength + " bytes, verified; saved as " + p)
                        .orElse("metadata: " + infoLength + " bytes, verified; warning: not saved (the names are taken)");
            } catch (IOException e) {
                state = "warning";
                message = "metadata: cannot save the .torrent in " + output + ": " + e.getMessage();
            }
        }

        /** Waits (bounded) for the write to end and tells how it went; nothing for a download that had no metadata phase. */
        void report(SwarmStatusLine status) {
            if (thread == null) return;
            try {
                if (!thread.join(WAIT)) {
                    status.note("warning", "metadata: the .torrent is still being written after " + WAIT.toSeconds() + " s");
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            status.note(state, message);
        }
    }

    /**
     * The torrent for {@code link}: from the output folder, or from peers (then saved there), handshaking as
     * {@code peerId}, the download's id, so that their connections can go on into the download.
     */
    static Resolved resolve(MagnetLink link, Path output, List<String> manualPeers, Optional<DhtNode> dht,
            MetadataFetch.Settings settings, byte[] peerId, SwarmStatusLine status) throws InterruptedException {
        try {
            Optional<Metainfo> earlier = MetadataFiles.findExisting(output, link.infoHash());
            if (earlier.isPresent()) {
                status.note("metadata", "metadata: using the .torrent an earlier run saved in " + output);
                return new Resolved(earlier.get(), List.of(), Saving.NONE);
            }
        } catch (IOException e) {
            throw new CliFailure(CliFailure.FAILED, "cannot look into " + output + ": " + e.getMessage());
        }
        List<String> all = new ArrayList<>(manualPeers);
        all.addAll(hints(link));
        List<InetSocketAddress> peers = SwarmRunner.manualPeers(all);
        if (peers.isEmpty() && link.trackers().isEmpty() && dht.isEmpty()) {
            throw new CliFailure(CliFailure.BAD_INPUT, "the magnet link names no tracker and no peer; give peers with --peer HOST:PORT"
                    + " or DHT nodes with --dht-bootstrap HOST:PORT");
        }
        // Whether the torrent is private is not known before its info is: the DHT helps find it, as libtorrent does.
        List<PeerSource> sources = new ArrayList<>();
        if (!link.trackers().isEmpty()) {
            sources.add(new TrackerPeerSource(link.trackers().stream().map(List::of).toList(), link.infoHash()));
        }
        SwarmDhtOptions.lookupOnly(dht, link.infoHash()).ifPresent(sources::add);
        Optional<PeerSource> trackers = sources.isEmpty() ? Optional.empty() : Optional.of(PeerSource.allOf(sources));
        status.note("metadata", "metadata: fetching the torrent's info from peers (" + peers.size() + " given"
                + (link.trackers().isEmpty() ? "" : ", " + link.trackers().size() + " trackers") + (dht.isPresent() ? ", the DHT" : "") + ")");
        MetadataFetch.Fetched fetched;
        try {
            fetched = MetadataFetch.fetchKeepingPeers(link.infoHash(), peers, trackers, settings, peerId, new MetadataFetch.Progress() {
                @Override
                public void status(MetadataFetch.Status s) {
                    status.metadata(s);
                }

                @Override
                public void peerDropped(String peer, String reason) {
                    status.debug(peer + ": " + reason);
                }
            });
        } catch (MagnetException e) {
            throw new CliFailure(CliFailure.FAILED, "metadata: " + e.getMessage());
        }
        byte[] info = fetched.info();
        byte[] torrent = MetadataFiles.torrentBytes(info, link.trackers());
        Metainfo m;
        try {
            m = Metainfo.parse(torrent);
        } catch (MetainfoException e) {
            fetched.peers().forEach(OpenPeer::close);
            throw new CliFailure(CliFailure.FAILED, "metadata from peers is not a usable torrent: " + e.getMessage());
        }
        return new Resolved(m, fetched.peers(), Saving.start(output, m, torrent, info.length));
    }
}
