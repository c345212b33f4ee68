package connectivity.torrent.daemon.rpc;

import connectivity.torrent.daemon.TorrentSession;
import connectivity.torrent.daemon.TorrentState;
import connectivity.torrent.magnet.MagnetLink;
import connectivity.torrent.meta.Metainfo;
import connectivity.torrent.storage.InfoLayout;
import connectivity.torrent.storage.TorrentLayout;
import connectivity.torrent.swarm.FileChoices;
import connectivity.torrent.swarm.PeerInfo;
import connectivity.torrent.swarm.Swarm;
import connectivity.torrent.swarm.SwarmStatus;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A torrent as {@code torrent-get} describes it: Transmission's field names, units (seconds since the epoch,
 * bytes, bytes per second, speed limits in kB/s of 1000 bytes) and special values (eta -1 when not available, ratio -1
 * when nothing came down). Beside them, ours: {@code piecesInFlight} (same bitfield format as {@code pieces}) for the
 * web UI, {@code state} (a word), and {@code piecesHashedAtStart} (what the last start had to hash again).
 */
final class TorrentFields {
    static final long ETA_NOT_AVAILABLE = -1, RATIO_NOT_AVAILABLE = -1;

    private TorrentFields() {}

    /** The fields asked for (all we know when {@code wanted} is empty); unknown names are left out, as Transmission does. */
    static Map<String, Object> of(TorrentSession t, int peerLimit, List<String> wanted) {
        Map<String, Object> all = all(t, peerLimit);
        if (wanted.isEmpty()) return all;
        Map<String, Object> out = new LinkedHashMap<>();
        for (String f : wanted) if (all.containsKey(f)) out.put(f, all.get(f));
        return out;
    }

    private static Map<String, Object> all(TorrentSession t, int peerLimit) {
        Optional<Metainfo> meta = t.meta();
        Optional<Swarm> swarm = t.swarm();
        TorrentState state = t.state();
        BitSet have = t.have();
        long total = meta.map(m -> m.info().totalLength()).orElse(0L);
        Optional<InfoLayout> layout = meta.map(m -> InfoLayout.of(m.info()));
        long haveBytes = layout.map(l -> bytes(l, have)).orElse(0L);
        FileChoices files = t.files();
        BitSet wantedPieces = layout.map(files::wantedPieces).orElse(new BitSet());
        // Transmission's sizeWhenDone: the wanted pieces, and of the others what we have.
        BitSet whenDone = (BitSet) wantedPieces.clone();
        whenDone.or(have);
        long sizeWhenDone = layout.map(l -> bytes(l, whenDone)).orElse(0L);
        BitSet desired = (BitSet) wantedPieces.clone();
        desired.andNot(have);
        desired.and(swarm.map(Swarm::available).orElse(new BitSet()));
        SwarmStatus st = swarm.map(Swarm::status).orElse(null);
        double down = st == null ? 0 : st.downloadRate(), up = st == null ? 0 : st.uploadRate();
        List<PeerInfo> peers = swarm.map(Swarm::peerInfo).orElse(List.of());
        long downloaded = t.downloadedEver(), uploaded = t.uploadedEver();
        long left = sizeWhenDone - haveBytes;

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", (long) t.id);
        m.put("name", t.name());
        m.put("hashString", t.infoHash.hex());
        m.put("status", (long) state.rpcStatus);
        m.put("state", state.word);
        m.put("error", state == TorrentState.ERROR ? 3L : 0L); // TR_STAT_LOCAL_ERROR
        m.put("errorString", t.error());
        m.put("totalSize", total);
        m.put("sizeWhenDone", sizeWhenDone);
        m.put("leftUntilDone", left);
        m.put("haveValid", haveBytes);
        m.put("haveUnchecked", 0L);
        m.put("desiredAvailable", layout.map(l -> bytes(l, desired)).orElse(0L));
        m.put("percentDone", sizeWhenDone == 0 ? (meta.isPresent() ? 1.0 : 0.0) : (double) haveBytes / sizeWhenDone);
        m.put("metadataPercentComplete", meta.isPresent() ? 1.0 : 0.0);
        m.put("isFinished", false);
        m.put("isStalled", false);
        m.put("isPrivate", meta.map(x -> x.info().isPrivate()).orElse(false));
        m.put("rateDownload", Math.round(down));
        m.put("rateUpload", Math.round(up));
        m.put("eta", eta(state, left, down));
        m.put("uploadRatio", downloaded == 0 ? (double) RATIO_NOT_AVAILABLE : (double) uploaded / downloaded);
        m.put("uploadedEver", uploaded);
        m.put("downloadedEver", downloaded);
        m.put("corruptEver", t.activity().corruptBytes());
        m.put("peersConnected", (long) peers.size());
        m.put("peersSendingToUs", peers.stream().filter(p -> p.downloadRate() > 0 || (!p.peerChoking() && p.amInterested())).count());
        m.put("peersGettingFromUs", peers.stream().filter(p -> p.uploadRate() > 0 || (!p.amChoking() && p.peerInterested())).count());
        m.put("peer-limit", (long) peerLimit);
        m.put("addedDate", t.addedMillis() / 1000);
        m.put("doneDate", t.doneMillis() / 1000);
        m.put("startDate", t.startedMillis() / 1000);
        m.put("activityDate", t.activity().lastActiveMillis() / 1000);
        m.put("dateCreated", meta.flatMap(x -> x.creationDate().isPresent() ? Optional.of(x.creationDate().getAsLong()) : Optional.empty()).orElse(0L));
        m.put("comment", meta.flatMap(Metainfo::comment).orElse(""));
        m.put("creator", meta.flatMap(Metainfo::createdBy).orElse(""));
        m.put("downloadDir", t.downloadDir().toString());
        m.put("magnetLink", meta.map(x -> MagnetLink.of(x).toUri()).orElse(t.magnet().map(MagnetLink::toUri).orElse("")));
        m.put("pieceCount", (long) meta.map(x -> x.info().pieceCount()).orElse(0));
        m.put("pieceSize", meta.map(x -> x.info().pieceLength()).orElse(0L));
        int count = meta.map(x -> x.info().pieceCount()).orElse(0);
        m.put("pieces", bitfield(have, count));
        m.put("piecesHashedAtStart", (long) t.piecesHashedAtStart()); // ours: -1 for a first start's full check
        m.put("piecesInFlight", bitfield(swarm.map(Swarm::inFlight).orElse(new BitSet()), count));
        m.put("downloadLimit", t.downloadLimit() / 1000);
        m.put("downloadLimited", t.downloadLimit() > 0);
        m.put("uploadLimit", t.uploadLimit() / 1000);
        m.put("uploadLimited", t.uploadLimit() > 0);
        m.put("honorsSessionLimits", true);
        m.put("bandwidthPriority", 0L);
        m.put("seedRatioMode", 0L);
        m.put("seedRatioLimit", 2.0);
        m.put("queuePosition", (long) t.id);
        m.put("recheckProgress", state == TorrentState.CHECKING ? t.checkProgress() : 0.0);
        m.put("secondsDownloading", t.activity().downloadingMillis() / 1000);
        m.put("secondsSeeding", t.activity().seedingMillis() / 1000);
        m.put("webseeds", List.of());
        m.put("webseedsSendingToUs", 0L);
        m.put("labels", List.of());
        m.put("files", files(meta, have));
        m.put("fileStats", fileStats(meta, have, files));
        m.put("priorities", files.priorities().stream().map(p -> (Object) (long) p).toList());
        m.put("wanted", files.wanted().stream().map(w -> (Object) (w ? 1L : 0L)).toList());
        m.put("peers", peers.stream().map(TorrentFields::peer).toList());
        m.put("trackers", trackers(t));
        m.put("trackerStats", trackers(t));
        return m;
    }

    private static long eta(TorrentState state, long left, double rate) {
        if (left == 0) return 0;
        if (state != TorrentState.DOWNLOADING || rate < 1) return ETA_NOT_AVAILABLE;
        return (long) Math.ceil(left / rate);
    }

    static long bytes(TorrentLayout layout, BitSet have) {
        long n = 0;
        for (int p = have.nextSetBit(0); p >= 0 && p < layout.pieceCount(); p = have.nextSetBit(p + 1)) n += layout.pieceSize(p);
        return n;
    }

    /** Transmission's bitfield: piece 0 is the high bit of the first byte; base64. */
    static String bitfield(BitSet bits, int count) {
        byte[] b = new byte[(count + 7) / 8];
        for (int p = bits.nextSetBit(0); p >= 0 && p < count; p = bits.nextSetBit(p + 1)) b[p >>> 3] |= (byte) (0x80 >>> (p & 7));
        return Base64.getEncoder().encodeToString(b);
    }

    private static List<Object> files(Optional<Metainfo> meta, BitSet have) {
        List<Object> out = new ArrayList<>();
        if (meta.isEmpty()) return out;
        InfoLayout layout = InfoLayout.of(meta.get().info());
        for (TorrentLayout.FileSpan f : layout.files()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("name", String.join("/", f.path()));
            o.put("length", f.length());
            o.put("bytesCompleted", completed(layout, f, have));
            out.add(o);
        }
        return out;
    }

    private static List<Object> fileStats(Optional<Metainfo> meta, BitSet have, FileChoices choices) {
        List<Object> out = new ArrayList<>();
        if (meta.isEmpty()) return out;
        InfoLayout layout = InfoLayout.of(meta.get().info());
        for (int k = 0; k < layout.files().size(); k++) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("bytesCompleted", completed(layout, layout.files().get(k), have));
            o.put("wanted", choices.wanted(k));
            o.put("priority", (long) choices.priority(k));
            out.add(o);
        }
        return out;
    }

    /** The bytes of {@code f} that lie in verified pieces. */
    private static long completed(TorrentLayout layout, TorrentLayout.FileSpan f, BitSet have) {
        if (f.length() == 0) return 0;
        long n = 0, end = f.offset() + f.length();
        int first = (int) (f.offset() / layout.pieceLength()), last = (int) ((end - 1) / layout.pieceLength());
        for (int p = first; p <= last; p++) {
            if (!have.get(p)) continue;
            long ps = (long) p * layout.pieceLength(), pe = ps + layout.pieceSize(p);
            n += Math.min(pe, end) - Math.max(ps, f.offset());
        }
        return n;
    }

    private static Map<String, Object> peer(PeerInfo p) {
        Map<String, Object> o = new LinkedHashMap<>();
        int colon = p.address().lastIndexOf(':');
        o.put("address", p.address().substring(0, colon));
        o.put("port", Long.parseLong(p.address().substring(colon + 1)));
        o.put("clientName", p.client());
        o.put("rateToClient", Math.round(p.downloadRate()));
        o.put("rateToPeer", Math.round(p.uploadRate()));
        o.put("progress", p.progress());
        o.put("flagStr", flags(p));
        o.put("isEncrypted", false);
        o.put("isIncoming", !p.outgoing());
        o.put("isDownloadingFrom", !p.peerChoking() && p.amInterested());
        o.put("isUploadingTo", !p.amChoking() && p.peerInterested());
        o.put("clientIsChoked", p.amChoking());
        o.put("clientIsInterested", p.amInterested());
        o.put("peerIsChoked", p.peerChoking());
        o.put("peerIsInterested", p.peerInterested());
        return o;
    }

    /** Transmission's flag letters: D/d downloading from / interested but choked, U/u uploading to / they are interested but choked, I incoming. */
    static String flags(PeerInfo p) {
        StringBuilder b = new StringBuilder();
        if (p.amInterested()) b.append(p.peerChoking() ? 'd' : 'D');
        if (p.peerInterested()) b.append(p.amChoking() ? 'u' : 'U');
        if (!p.outgoing()) b.append('I');
        return b.toString();
    }

    private static List<Object> trackers(TorrentSession t) {
        List<Object> out = new ArrayList<>();
        List<List<String>> tiers = t.meta().map(Metainfo::trackerTiers)
                .orElse(t.magnet().map(l -> l.trackers().stream().map(List::of).toList()).orElse(List.of()));
        long id = 0;
        for (int tier = 0; tier < tiers.size(); tier++) {
            for (String url : tiers.get(tier)) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("id", id++);
                o.put("tier", (long) tier);
                o.put("announce", url);
                o.put("scrape", url.replace("/announce", "/scrape"));
                o.put("host", url);
                out.add(o);
            }
        }
        return out;
    }
}
