package connectivity.call.relay;

import java.time.Instant;

/** What a verified token grants: one side ({@code user}) of one call, until {@code expires}. */
public record RelayToken(String callId, String user, Instant expires, String nonce) {}
