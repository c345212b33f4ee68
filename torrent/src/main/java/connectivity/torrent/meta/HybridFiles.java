package connectivity.torrent.meta;

import connectivity.torrent.bencode.BBytes;
import connectivity.torrent.bencode.BDict;
import connectivity.torrent.bencode.BInt;
import connectivity.torrent.bencode.BList;
import connectivity.torrent.bencode.BValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A hybrid torrent (BEP 52) describes its files twice, as a v1 {@code files} list (or {@code length}) and a v2
 * {@code file tree}; we read the v1 side, so both must say the same: the same files, in the same order, with the
 * same lengths, once the v1 pad files are left out. A torrent where they disagree would be one thing to v1 peers
 * and another to v2 peers (libtorrent refuses it too: torrent_inconsistent_files).
 */
final class HybridFiles {
    private record Entry(List<String> path, long length) {}

    private HybridFiles() {}

    /** Refuses a hybrid whose two file lists disagree; a v1-only info dictionary passes untouched. */
    static void check(BDict info, String name) throws MetainfoException {
        if (!(info.get("file tree").orElse(null) instanceof BValue treeValue)) return;
        if (!(treeValue instanceof BDict tree)) throw new MetainfoException("hybrid torrent's 'file tree' is not a dictionary");
        List<Entry> v2 = new ArrayList<>();
        walk(tree, new ArrayList<>(), v2);
        List<Entry> v1 = v1Files(info, name);
        if (v1.size() != v2.size()) {
            throw new MetainfoException("hybrid torrent's v1 file list (" + v1.size() + " files) and v2 file tree (" + v2.size() + ") disagree");
        }
        for (int i = 0; i < v1.size(); i++) {
            if (!v1.get(i).equals(v2.get(i))) {
                throw new MetainfoException("hybrid torrent's v1 file list and v2 file tree disagree at file " + i + ": "
                        + String.join("/", v1.get(i).path()) + " (" + v1.get(i).length() + " bytes) vs "
                        + String.join("/", v2.get(i).path()) + " (" + v2.get(i).length() + " bytes)");
            }
        }
    }

    /** The tree's files in key order: a file is a dictionary whose only key is the empty string. */
    private static void walk(BDict dir, List<String> at, List<Entry> out) throws MetainfoException {
        for (Map.Entry<BBytes, BValue> e : dir.entries().entrySet()) {
            String key = e.getKey().utf8Lenient();
            if (!(e.getValue() instanceof BDict child)) throw new MetainfoException("hybrid torrent's file tree entry '" + key + "' is not a dictionary");
            if (key.isEmpty()) {
                if (at.isEmpty()) throw new MetainfoException("hybrid torrent's file tree has a file without a name");
                if (!(child.get("length").orElse(null) instanceof BInt length)) {
                    throw new MetainfoException("hybrid torrent's file tree file " + String.join("/", at) + " has no length");
                }
                out.add(new Entry(List.copyOf(at), length.value()));
                continue;
            }
            at.add(key);
            walk(child, at, out);
            at.remove(at.size() - 1);
        }
    }

    /** The v1 side as the parser already validated it, without pad files ({@code attr} containing 'p'). */
    private static List<Entry> v1Files(BDict info, String name) {
        List<Entry> out = new ArrayList<>();
        if (info.get("length").orElse(null) instanceof BInt length) {
            out.add(new Entry(List.of(name), length.value()));
            return out;
        }
        if (!(info.get("files").orElse(null) instanceof BList files)) return out;
        for (BValue v : files.values()) {
            if (!(v instanceof BDict f)) continue;
            if (f.get("attr").orElse(null) instanceof BBytes attr && attr.utf8Lenient().indexOf('p') >= 0) continue;
            List<String> path = new ArrayList<>();
            if (f.get("path").orElse(null) instanceof BList p) for (BValue c : p.values()) if (c instanceof BBytes b) path.add(b.utf8Lenient());
            long length = f.get("length").orElse(null) instanceof BInt l ? l.value() : -1;
            out.add(new Entry(path, length));
        }
        return out;
    }
}
