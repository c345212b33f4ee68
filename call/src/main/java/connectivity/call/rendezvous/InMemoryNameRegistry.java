package connectivity.call.rendezvous;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Name bindings held in memory: they last as long as the rendezvous process. */
public final class InMemoryNameRegistry implements NameRegistry {
    private final ConcurrentMap<String, byte[]> bindings = new ConcurrentHashMap<>();

    @Override
    public boolean bindOrCheck(String name, byte[] publicKey) {
        byte[] bound = bindings.putIfAbsent(name, publicKey.clone());
        return bound == null || Arrays.equals(bound, publicKey);
    }

    @Override
    public boolean isBound(String name) {
        return bindings.containsKey(name);
    }
}
