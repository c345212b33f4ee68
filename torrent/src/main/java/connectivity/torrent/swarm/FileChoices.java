package connectivity.torrent.swarm;

import connectivity.torrent.storage.TorrentLayout;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * Which files of a torrent to download, and how urgently (Transmission's per-file {@code wanted} flag and
 * {@code priority}), and what that means for pieces: a piece is wanted when any wanted file has bytes in it (so a
 * piece straddling a wanted and an unwanted file is fetched), and its class is the highest priority among those
 * wanted files. Immutable; the {@code with} methods make changed copies.
 *
 * @param wanted per file, in the torrent's order
 * @param priorities per file: {@link #LOW}, {@link #NORMAL} or {@link #HIGH}
 */
public record FileChoices(List<Boolean> wanted, List<Integer> priorities) {
    public static final int LOW = -1, NORMAL = 0, HIGH = 1;
    /** The class of a piece no wanted file touches: never requested. */
    static final byte SKIP = Byte.MIN_VALUE;

    public FileChoices {
        wanted = List.copyOf(wanted);
        priorities = List.copyOf(priorities);
        if (wanted.size() != priorities.size()) throw new IllegalArgumentException("wanted and priorities differ in length");
        for (int p : priorities) if (p < LOW || p > HIGH) throw new IllegalArgumentException("priority " + p + " is not -1, 0 or 1");
    }

    /** Every one of {@code files} wanted, at normal priority. */
    public static FileChoices all(int files) {
        return new FileChoices(Collections.nCopies(files, true), Collections.nCopies(files, NORMAL));
    }

    public int size() {
        return wanted.size();
    }

    public boolean wanted(int file) {
        return wanted.get(file);
    }

    public int priority(int file) {
        return priorities.get(file);
    }

    /** True when every file is wanted at normal priority (nothing chosen). */
    public boolean isDefault() {
        return !wanted.contains(false) && priorities.stream().allMatch(p -> p == NORMAL);
    }

    /** These files (every file when {@code files} is empty, as in Transmission) wanted or not. */
    public FileChoices withWanted(Collection<Integer> files, boolean w) {
        List<Boolean> next = new ArrayList<>(wanted);
        for (int k : indices(files)) next.set(k, w);
        return new FileChoices(next, priorities);
    }

    /** These files (every file when {@code files} is empty) at {@code priority}. */
    public FileChoices withPriority(Collection<Integer> files, int priority) {
        List<Integer> next = new ArrayList<>(priorities);
        for (int k : indices(files)) next.set(k, priority);
        return new FileChoices(wanted, next);
    }

    private List<Integer> indices(Collection<Integer> files) {
        if (files.isEmpty()) {
            List<Integer> every = new ArrayList<>();
            for (int k = 0; k < size(); k++) every.add(k);
            return every;
        }
        for (int k : files) if (k < 0 || k >= size()) throw new IndexOutOfBoundsException("file index " + k + " of " + size());
        return List.copyOf(files);
    }

    /** Per piece, the highest priority of a wanted file in it, or {@link #SKIP}. */
    byte[] pieceClasses(TorrentLayout layout) {
        if (layout.files().size() != size()) throw new IllegalArgumentException(size() + " choices for " + layout.files().size() + " files");
        byte[] classes = new byte[layout.pieceCount()];
        java.util.Arrays.fill(classes, SKIP);
        for (int k = 0; k < size(); k++) {
            TorrentLayout.FileSpan f = layout.files().get(k);
            if (!wanted(k) || f.length() == 0) continue;
            int first = (int) (f.offset() / layout.pieceLength()), last = (int) ((f.offset() + f.length() - 1) / layout.pieceLength());
            byte c = (byte) priority(k);
            for (int p = first; p <= last; p++) if (classes[p] < c) classes[p] = c;
        }
        return classes;
    }

    /** Whether {@code have} holds every wanted piece (the download is done). */
    public boolean doneWith(TorrentLayout layout, BitSet have) {
        BitSet missing = wantedPieces(layout);
        missing.andNot(have);
        return missing.isEmpty();
    }

    /** The pieces some wanted file has bytes in. */
    public BitSet wantedPieces(TorrentLayout layout) {
        byte[] classes = pieceClasses(layout);
        BitSet b = new BitSet(classes.length);
        for (int p = 0; p < classes.length; p++) if (classes[p] != SKIP) b.set(p);
        return b;
    }
}
