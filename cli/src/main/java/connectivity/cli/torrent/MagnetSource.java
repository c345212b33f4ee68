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

    /** The torrent, and the connections of the metadata phase for the download to go on with (none if it had no such phase). */
    record Resolved(Metainfo metainfo, List<OpenPeer> peers) {}

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
                return new Resolved(earlier.get(), List.of());
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
        try {
            Optional<Path> saved = MetadataFiles.save(output, m, torrent);
            status.note("metadata", saved.map(p -> "metadata: " + info.length + " bytes, verified; saved as " + p)
                    .orElse("metadata: " + info.length + " bytes, verified; warning: not saved (the names are taken)"));
        } catch (IOException e) {
            status.note("warning", "metadata: cannot save the .torrent in " + output + ": " + e.getMessage());
        }
        return new Resolved(m, fetched.peers());
    }
}
