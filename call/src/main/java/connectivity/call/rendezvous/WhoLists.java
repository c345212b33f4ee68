package connectivity.call.rendezvous;

import connectivity.call.wire.Frames;
import connectivity.call.wire.RendezvousMessage.WhoList;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The answer to WHO, bounded so it always fits in a control frame. */
final class WhoLists {
    /** Bytes of names in one WHO_LIST: half a control frame, whatever else the message carries. */
    static final int WHO_MAX_BYTES = Frames.MAX_CONTROL / 2;

    private WhoLists() {}

    /**
     * The names online, as many as fit in {@link #WHO_MAX_BYTES}, and how many more there are. {@code more} is only
     * sent when names were left out.
     */
    static WhoList of(List<String> online) {
        List<String> names = new ArrayList<>();
        int bytes = 0;
        for (String n : online) {
            int more = n.getBytes(StandardCharsets.UTF_8).length + (names.isEmpty() ? 0 : 1);
            if (bytes + more > WHO_MAX_BYTES) break; // names are ASCII (NAME), so chars are bytes
            names.add(n);
            bytes += more;
        }
        return new WhoList(names, online.size() - names.size());
    }
}
