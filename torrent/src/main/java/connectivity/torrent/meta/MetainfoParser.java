package connectivity.torrent.meta;

import connectivity.torrent.bencode.BBytes;
import connectivity.torrent.bencode.BDict;
import connectivity.torrent.bencode.BInt;
import connectivity.torrent.bencode.BList;
import connectivity.torrent.bencode.BValue;
import connectivity.torrent.bencode.Bencode;
import connectivity.torrent.bencode.BencodeException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Turns bencode into a validated {@link Metainfo}; every refusal is one clear line. */
final class MetainfoParser {
    static final long MIN_PIECE_LENGTH = 16 * 1024;
    static final long MAX_PIECE_LENGTH = 1L << 30;

    private MetainfoParser() {}

    static Metainfo parse(byte[] file) throws MetainfoException {
        BValue top;
        try {
            top = Bencode.decode(file);
        } catch (BencodeException e) {
            throw new MetainfoException("not valid bencode: " + e.getMessage(), e);
        }
        if (!(top instanceof BDict root)) throw new MetainfoException("a torrent file must be a bencoded dictionary, found " + top.kind());
        BDict infoDict = dict(root, "info", "torrent").orElseThrow(() -> new MetainfoException("torrent has no 'info' dictionary"));
        byte[] rawInfo = root.rawValue("info").orElseThrow();
        Info info = parseInfo(infoDict, rawInfo);

        Optional<String> announce = string(root, "announce", "torrent");
        List<List<String>> tiers = announceList(root);
        if (tiers.isEmpty() && announce.isPresent()) tiers = List.of(List.of(announce.get()));

        OptionalLong creationDate = root.get("creation date").orElse(null) instanceof BInt i
                ? OptionalLong.of(i.value()) : OptionalLong.empty();
        return new Metainfo(InfoHash.of(rawInfo), info, tiers, announce, creationDate,
                displayText(root, "comment"), displayText(root, "created by"));
    }

    private static Info parseInfo(BDict info, byte[] rawInfo) throws MetainfoException {
        if (!info.containsKey("pieces") && (info.containsKey("file tree") || info.containsKey("meta version"))) {
            throw new MetainfoException("BitTorrent v2-only torrents are not supported");
        }
        String name = pathComponent(bytes(info, "name", "info").orElseThrow(() -> new MetainfoException("info has no 'name'")), "name");

        long pieceLength = integer(info, "piece length", "info").orElseThrow(() -> new MetainfoException("info has no 'piece length'"));
        if (pieceLength < MIN_PIECE_LENGTH || pieceLength > MAX_PIECE_LENGTH || Long.bitCount(pieceLength) != 1) {
            throw new MetainfoException("piece length " + pieceLength + " is not a power of two between 16 KiB and 1 GiB");
        }

        byte[] pieces = bytes(info, "pieces", "info").orElseThrow(() -> new MetainfoException("info has no 'pieces'")).bytes();
        if (pieces.length % PieceHashes.HASH_LENGTH != 0) {
            throw new MetainfoException("'pieces' is " + pieces.length + " bytes, not a multiple of 20");
        }

        boolean isPrivate = integer(info, "private", "info").orElse(0L) == 1;

        Optional<Long> length = integer(info, "length", "info");
        Optional<BList> filesList = list(info, "files", "info");
        List<FileEntry> files = new ArrayList<>();
        boolean multiFile;
        if (length.isPresent() && filesList.isPresent()) {
            throw new MetainfoException("info has both 'length' and 'files'");
        } else if (length.isPresent()) {
            multiFile = false;
            if (length.get() < 0) throw new MetainfoException("file length " + length.get() + " is negative");
            files.add(new FileEntry(List.of(name), length.get(), 0));
        } else if (filesList.isPresent()) {
            multiFile = true;
            files = fileList(filesList.get());
        } else {
            throw new MetainfoException("info has neither 'length' nor 'files'");
        }

        HybridFiles.check(info, name);
        long total = files.isEmpty() ? 0 : files.get(files.size() - 1).end();
        // No pieces means nothing to exchange; libtorrent and Transmission refuse these too.
        if (total == 0) throw new MetainfoException("the torrent holds no data (total length 0)");
        long expected = Info.expectedPieceCount(total, pieceLength);
        int actual = pieces.length / PieceHashes.HASH_LENGTH;
        if (expected != actual) {
            throw new MetainfoException("'pieces' holds " + actual + " hashes but " + total + " bytes in pieces of "
                    + pieceLength + " need " + expected);
        }
        return new Info(name, pieceLength, new PieceHashes(pieces), files, multiFile, isPrivate, rawInfo);
    }

    private static List<FileEntry> fileList(BList list) throws MetainfoException {
        if (list.size() == 0) throw new MetainfoException("'files' is an empty list");
        List<FileEntry> files = new ArrayList<>(list.size());
        Set<List<String>> filePaths = new HashSet<>();
        Set<List<String>> dirPaths = new HashSet<>();
        long offset = 0;
        int index = 0;
        for (BValue v : list.values()) {
            String where = "files[" + index + "]";
            if (!(v instanceof BDict f)) throw new MetainfoException(where + " is " + v.kind() + ", expected a dictionary");
            long length = integer(f, "length", where).orElseThrow(() -> new MetainfoException(where + " has no 'length'"));
            if (length < 0) throw new MetainfoException(where + " has negative length " + length);
            BList pathList = list(f, "path", where).orElseThrow(() -> new MetainfoException(where + " has no 'path'"));
            if (pathList.size() == 0) throw new MetainfoException(where + " has an empty 'path'");
            List<String> path = new ArrayList<>(pathList.size());
            for (BValue c : pathList.values()) {
                if (!(c instanceof BBytes b)) throw new MetainfoException(where + " path component is " + c.kind() + ", expected a byte string");
                path.add(pathComponent(b, where + " path component"));
            }
            if (!filePaths.add(path) || dirPaths.contains(path)) {
                throw new MetainfoException("file path " + String.join("/", path) + " occurs twice");
            }
            for (int i = 1; i < path.size(); i++) {
                List<String> dir = List.copyOf(path.subList(0, i));
                if (filePaths.contains(dir)) throw new MetainfoException("file path " + String.join("/", dir) + " is both a file and a directory");
                dirPaths.add(dir);
            }
            files.add(new FileEntry(path, length, offset));
            try {
                offset = Math.addExact(offset, length);
            } catch (ArithmeticException e) {
                throw new MetainfoException("total length of the files overflows 64 bits");
            }
            index++;
        }
        return files;
    }

    /** A file or directory name: valid UTF-8, not empty, not "." or "..", no separators or NUL. */
    private static String pathComponent(BBytes raw, String where) throws MetainfoException {
        String s = raw.utf8().orElseThrow(() -> new MetainfoException(where + " is not valid UTF-8"));
        if (s.isEmpty()) throw new MetainfoException(where + " is empty");
        if (s.equals(".") || s.equals("..")) throw new MetainfoException(where + " is '" + s + "', which would leave the torrent's directory");
        if (s.indexOf('/') >= 0 || s.indexOf('\\') >= 0) throw new MetainfoException(where + " \"" + printable(s) + "\" contains a path separator");
        if (s.indexOf('\0') >= 0) throw new MetainfoException(where + " contains a NUL character");
        return s;
    }

    private static List<List<String>> announceList(BDict root) throws MetainfoException {
        Optional<BList> list = list(root, "announce-list", "torrent");
        if (list.isEmpty()) return List.of();
        List<List<String>> tiers = new ArrayList<>();
        for (BValue tierValue : list.get().values()) {
            if (!(tierValue instanceof BList tier)) throw new MetainfoException("announce-list holds " + tierValue.kind() + ", expected a list of URLs");
            List<String> urls = new ArrayList<>();
            for (BValue u : tier.values()) {
                if (!(u instanceof BBytes b)) throw new MetainfoException("announce-list tier holds " + u.kind() + ", expected a URL");
                String url = b.utf8().orElseThrow(() -> new MetainfoException("announce-list URL is not valid UTF-8")).strip();
                if (!url.isEmpty() && !urls.contains(url)) urls.add(url);
            }
            if (!urls.isEmpty()) tiers.add(urls);
        }
        return tiers;
    }

    /** Descriptive fields are shown to people only: a wrong type is ignored, odd bytes are replaced. */
    private static Optional<String> displayText(BDict d, String key) {
        return d.get(key).filter(v -> v instanceof BBytes).map(v -> ((BBytes) v).utf8Lenient());
    }

    private static Optional<String> string(BDict d, String key, String where) throws MetainfoException {
        Optional<BBytes> b = bytes(d, key, where);
        if (b.isEmpty()) return Optional.empty();
        String s = b.get().utf8().orElseThrow(() -> new MetainfoException(where + " '" + key + "' is not valid UTF-8")).strip();
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    private static Optional<BBytes> bytes(BDict d, String key, String where) throws MetainfoException {
        return typed(d, key, where, BBytes.class, "a byte string");
    }

    private static Optional<Long> integer(BDict d, String key, String where) throws MetainfoException {
        return typed(d, key, where, BInt.class, "an integer").map(BInt::value);
    }

    private static Optional<BList> list(BDict d, String key, String where) throws MetainfoException {
        return typed(d, key, where, BList.class, "a list");
    }

    private static Optional<BDict> dict(BDict d, String key, String where) throws MetainfoException {
        return typed(d, key, where, BDict.class, "a dictionary");
    }

    private static <T extends BValue> Optional<T> typed(BDict d, String key, String where, Class<T> type, String expected)
            throws MetainfoException {
        Optional<BValue> v = d.get(key);
        if (v.isEmpty()) return Optional.empty();
        if (!type.isInstance(v.get())) throw new MetainfoException(where + " '" + key + "' is " + v.get().kind() + ", expected " + expected);
        return Optional.of(type.cast(v.get()));
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) sb.append(String.format("\\x%02x", c));
            else sb.appendCodePoint(c);
        });
        return sb.length() > 80 ? sb.substring(0, 80) + "..." : sb.toString();
    }
}
