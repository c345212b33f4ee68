package connectivity.http.documents;

import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of locks striped by path: what one path's writers hold from a precondition check to the
 * rename that replaces the file. Bounded by construction (no map that grows with the paths asked for);
 * two paths that share a stripe merely wait for each other.
 */
final class PathLocks {
    private final ReentrantLock[] stripes;

    PathLocks(int stripes) {
        this.stripes = new ReentrantLock[Integer.highestOneBit(Math.max(1, stripes))];
        for (int i = 0; i < this.stripes.length; i++) this.stripes[i] = new ReentrantLock();
    }

    ReentrantLock of(Path path) {
        int h = path.hashCode();
        return stripes[(h ^ (h >>> 16)) & (stripes.length - 1)];
    }
}
