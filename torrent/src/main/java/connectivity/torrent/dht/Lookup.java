package connectivity.torrent.dht;

import connectivity.torrent.dht.KrpcMessage.Response;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The state of one iterative lookup (Kademlia, as BEP 5 uses it), without sockets: candidates ordered by
 * distance to the target; at most {@code alpha} queried at once, always among the {@code k} closest not
 * known to have failed; done when those {@code k} have all answered, or nothing is left to ask. The caller
 * sends what {@link #next} names and reports answers and failures.
 */
public final class Lookup {
    enum State { NEW, QUERYING, ANSWERED, FAILED }

    static final class Candidate {
        final Contact contact;
        final int depth;
        State state = State.NEW;
        byte[] token;

        Candidate(Contact contact, int depth) {
            this.contact = contact;
            this.depth = depth;
        }
    }

    /** A node that answered and gave a token: where announce_peer goes. */
    public record Tokened(Contact contact, byte[] token) {}

    private final NodeId target;
    private final int k;
    private final int alpha;
    private final int maxCandidates;
    private final TreeMap<NodeId, Candidate> candidates;
    private final Set<InetSocketAddress> addresses = new HashSet<>();
    private final Set<InetSocketAddress> peers = new LinkedHashSet<>();
    private final int maxPeers;
    private int inFlight;
    private int queries;
    private NodeId self;

    public Lookup(NodeId target, List<Contact> seeds, int k, int alpha, int maxCandidates, int maxPeers) {
        this.target = target;
        this.k = k;
        this.alpha = alpha;
        this.maxCandidates = maxCandidates;
        this.maxPeers = maxPeers;
        this.candidates = new TreeMap<>(target::compareDistance);
        for (Contact c : seeds) add(c, 0);
    }

    /** Peers known before the lookup (a bootstrap node's answer to the same get_peers): they count among its peers. */
    Lookup given(Collection<InetSocketAddress> known) {
        for (InetSocketAddress p : known) if (peers.size() < maxPeers) peers.add(p);
        return this;
    }

    public NodeId target() {
        return target;
    }

    /** Leaves our own ID out when others name it (they do, once they know us): we do not query ourselves. */
    public Lookup skipping(NodeId ours) {
        this.self = ours;
        Candidate c = candidates.get(ours);
        if (c != null && c.state == State.NEW) {
            candidates.remove(ours);
            addresses.remove(c.contact.address());
        }
        return this;
    }

    private void add(Contact c, int depth) {
        if (c.id().equals(self)) return;
        if (candidates.containsKey(c.id()) || !addresses.add(c.address())) return;
        candidates.put(c.id(), new Candidate(c, depth));
        if (candidates.size() > maxCandidates) {
            // Forget the farthest candidate nobody is waiting on.
            for (NodeId id : candidates.descendingKeySet()) {
                Candidate far = candidates.get(id);
                if (far.state != State.QUERYING) {
                    candidates.remove(id);
                    addresses.remove(far.contact.address());
                    break;
                }
            }
        }
    }

    /** The contacts to query now; each is in flight until {@link #answered} or {@link #failed}. */
    public List<Contact> next() {
        List<Contact> out = new ArrayList<>();
        int seen = 0;
        for (Candidate c : candidates.values()) {
            if (inFlight >= alpha || seen >= k) break;
            if (c.state == State.FAILED) continue;
            seen++;
            if (c.state == State.NEW) {
                c.state = State.QUERYING;
                inFlight++;
                queries++;
                out.add(c.contact);
            }
        }
        return out;
    }

    public void answered(Contact from, Response r) {
        Candidate c = candidates.get(from.id());
        if (c == null || c.state != State.QUERYING || !c.contact.address().equals(from.address())) return;
        c.state = State.ANSWERED;
        inFlight--;
        c.token = r.token().orElse(null);
        for (InetSocketAddress p : r.values()) if (peers.size() < maxPeers) peers.add(p);
        for (Contact n : r.allNodes()) if (Contact.sameFamily(n.address(), from.address())) add(n, c.depth + 1);
    }

    /** The query timed out or was refused: the next closest candidate may take its place. */
    public void failed(Contact to) {
        Candidate c = candidates.get(to.id());
        if (c == null || c.state != State.QUERYING) return;
        c.state = State.FAILED;
        inFlight--;
    }

    public boolean done() {
        if (inFlight > 0) return false;
        int seen = 0;
        for (Candidate c : candidates.values()) {
            if (seen >= k) break;
            if (c.state == State.FAILED) continue;
            seen++;
            if (c.state != State.ANSWERED) return false;
        }
        return true;
    }

    public int inFlight() {
        return inFlight;
    }

    public int queries() {
        return queries;
    }

    public List<InetSocketAddress> peers() {
        return List.copyOf(peers);
    }

    /** The {@code n} closest nodes that answered. */
    public List<Contact> closestAnswered(int n) {
        return answered().limit(n).map(c -> c.contact).toList();
    }

    /** The closest {@code n} answered nodes that gave a token. */
    public List<Tokened> closestWithTokens(int n) {
        return answered().filter(c -> c.token != null).limit(n).map(c -> new Tokened(c.contact, c.token)).toList();
    }

    /** Rounds of queries that led to the closest node that answered (1: a seed itself). */
    public int hops() {
        Optional<Candidate> first = answered().findFirst();
        return first.map(c -> c.depth + 1).orElse(0);
    }

    private java.util.stream.Stream<Candidate> answered() {
        return candidates.values().stream().filter(c -> c.state == State.ANSWERED);
    }
}
