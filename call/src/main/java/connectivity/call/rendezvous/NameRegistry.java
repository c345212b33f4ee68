package connectivity.call.rendezvous;

/** Binds each user name to the first public key that logged in under it. */
public interface NameRegistry {
    /** Binds {@code name} to {@code publicKey} if unbound; true if the name is (now) bound to this key. */
    boolean bindOrCheck(String name, byte[] publicKey);

    /** Whether anyone ever logged in under {@code name}: tells "offline" from "no such user". */
    boolean isBound(String name);
}
