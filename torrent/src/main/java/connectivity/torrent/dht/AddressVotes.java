package connectivity.torrent.dht;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What responders say our external IP is (BEP 42's {@code ip}). An address counts once it is named by
 * {@link #QUORUM} responders of distinct IPs, so one host cannot move our ID. Bounded: a few candidate
 * addresses, a few voters each.
 */
final class AddressVotes {
    static final int QUORUM = 2;
    private static final int MAX_CANDIDATES = 8;
    private static final int MAX_VOTERS = 16;

    private final Map<InetAddress, Set<InetAddress>> votes = new LinkedHashMap<>();

    /** Records a vote; returns the address once it has a quorum (and forgets all votes then). */
    synchronized Optional<InetAddress> vote(InetAddress ours, InetAddress voter) {
        Set<InetAddress> voters = votes.get(ours);
        if (voters == null) {
            if (votes.size() >= MAX_CANDIDATES) votes.remove(votes.keySet().iterator().next());
            voters = new HashSet<>();
            votes.put(ours, voters);
        }
        if (voters.size() < MAX_VOTERS) voters.add(voter);
        if (voters.size() < QUORUM) return Optional.empty();
        votes.clear();
        return Optional.of(ours);
    }
}
