package connectivity.torrent.tracker;

class InMemorySwarmStoreTest extends SwarmStoreContract {
    private InMemorySwarmStore memory;

    @Override
    protected SwarmStore emptyStore() {
        memory = new InMemorySwarmStore();
        return memory;
    }

    @Override
    protected int swarmCount() {
        return memory.swarmCount();
    }

    @Override
    protected int peerCount() {
        return memory.peerCount();
    }
}
