package connectivity.call.client;

/** What an attempt needs to know about the call it is connecting. */
public record DialContext(String callId, String peer, byte[] peerKey, CallClient client) {}
