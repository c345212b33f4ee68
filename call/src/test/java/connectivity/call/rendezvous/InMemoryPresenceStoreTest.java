package connectivity.call.rendezvous;

class InMemoryPresenceStoreTest extends PresenceStoreContract {
    @Override
    PresenceStore store() {
        return new InMemoryPresenceStore();
    }
}
