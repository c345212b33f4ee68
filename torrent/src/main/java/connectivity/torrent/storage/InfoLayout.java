package connectivity.torrent.storage;

import connectivity.torrent.meta.FileEntry;
import connectivity.torrent.meta.Info;
import java.util.List;

/** A {@link TorrentLayout} read from a torrent's info dictionary. */
public final class InfoLayout implements TorrentLayout {
    private final Info info;
    private final List<FileSpan> files;

    private InfoLayout(Info info) {
        this.info = info;
        this.files = info.files().stream().map(f -> span(info, f)).toList();
    }

    /** Multi-file torrents live in a folder named after the torrent; a single file is just its name. */
    private static FileSpan span(Info info, FileEntry f) {
        if (!info.multiFile()) return new FileSpan(f.path(), f.length(), f.offset());
        List<String> path = new java.util.ArrayList<>();
        path.add(info.name());
        path.addAll(f.path());
        return new FileSpan(path, f.length(), f.offset());
    }

    public static InfoLayout of(Info info) {
        if (info.pieceLength() > (1 << 30)) throw new IllegalArgumentException("pieces over 1 GiB are not supported");
        return new InfoLayout(info);
    }

    @Override
    public int pieceLength() {
        return (int) info.pieceLength();
    }

    @Override
    public long totalLength() {
        return info.totalLength();
    }

    @Override
    public List<FileSpan> files() {
        return files;
    }

    @Override
    public byte[] pieceHash(int index) {
        return info.pieceHash(index);
    }

    @Override
    public java.util.Optional<byte[]> infoBytes() {
        return java.util.Optional.of(info.rawBytes());
    }

    @Override
    public boolean isPrivate() {
        return info.isPrivate();
    }

    @Override
    public int pieceCount() {
        return info.pieceCount();
    }
}
