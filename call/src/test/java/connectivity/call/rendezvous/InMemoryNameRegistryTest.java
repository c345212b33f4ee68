package connectivity.call.rendezvous;

class InMemoryNameRegistryTest extends NameRegistryContract {
    @Override
    NameRegistry registry() {
        return new InMemoryNameRegistry();
    }
}
