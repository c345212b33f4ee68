package connectivity.call.rendezvous;

import java.util.List;

/**
 * A logged-in user as the rendezvous sees them: their key, the address their connection comes from,
 * the port they listen on, the LAN addresses they report, and whether a dial-back reached them.
 */
public record Presence(String name, byte[] publicKey, String publicIp, int listenPort, List<String> lanAddresses,
        boolean reachable, long sessionId) {
    public Presence {
        lanAddresses = List.copyOf(lanAddresses);
    }

    public String publicAddress() {
        return publicIp + ":" + listenPort;
    }
}
