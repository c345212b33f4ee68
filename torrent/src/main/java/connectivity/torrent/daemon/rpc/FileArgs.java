package connectivity.torrent.daemon.rpc;

import connectivity.torrent.swarm.FileChoices;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The file arguments of {@code torrent-set} and {@code torrent-add}: {@code files-wanted}, {@code files-unwanted},
 * {@code priority-high}, {@code priority-low}, {@code priority-normal}, each a list of file indices (an empty list
 * meaning every file), applied in that order of Transmission's (unwanted before wanted, so a file in both is wanted).
 */
final class FileArgs {
    static final List<String> KEYS = List.of("files-unwanted", "files-wanted", "priority-high", "priority-low", "priority-normal");

    private FileArgs() {}

    static boolean present(Map<String, Object> in) {
        return KEYS.stream().anyMatch(in::containsKey);
    }

    /**
     * {@code c} changed as the arguments say. Strict (torrent-set): an index that names no file is an error and
     * nothing changes. Lenient (torrent-add, before anyone saw the file list): such indices are left out.
     */
    static FileChoices apply(Map<String, Object> in, FileChoices c, boolean strict) throws RpcException {
        FileChoices out = c;
        for (String key : KEYS) {
            if (!in.containsKey(key)) continue;
            List<Integer> files = indices(in.get(key), c.size(), strict);
            if (files == null) continue; // lenient, and every index was out of range: not "every file"
            out = switch (key) {
                case "files-unwanted" -> out.withWanted(files, false);
                case "files-wanted" -> out.withWanted(files, true);
                case "priority-high" -> out.withPriority(files, FileChoices.HIGH);
                case "priority-low" -> out.withPriority(files, FileChoices.LOW);
                default -> out.withPriority(files, FileChoices.NORMAL);
            };
        }
        return out;
    }

    /** The indices, empty for every file; null when lenient dropped them all. */
    private static List<Integer> indices(Object v, int files, boolean strict) throws RpcException {
        if (!(v instanceof List<?> list)) throw new RpcException("file indices must be a list");
        List<Integer> out = new ArrayList<>();
        for (Object o : list) {
            long k = o instanceof Number n && n.doubleValue() == n.longValue() ? n.longValue() : -1;
            if (k >= 0 && k < files) out.add((int) k);
            else if (strict) throw new RpcException("file index out of range");
        }
        return !list.isEmpty() && out.isEmpty() ? null : out;
    }
}
