package connectivity.torrent.dht;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * What a lookup found: peers (get_peers), the closest nodes that answered, and what it cost.
 *
 * @param hops rounds of queries that led to the closest node that answered
 * @param queries queries sent
 * @param announced nodes that acknowledged our announce_peer (0 for a plain lookup)
 */
public record LookupResult(List<InetSocketAddress> peers, List<Contact> closest, int hops, int queries, int announced) {
    public LookupResult {
        peers = List.copyOf(peers);
        closest = List.copyOf(closest);
    }
}
