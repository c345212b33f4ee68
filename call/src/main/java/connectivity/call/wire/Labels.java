package connectivity.call.wire;

import java.nio.charset.StandardCharsets;

/** Constants both ends of the protocol must agree on; here so a client never needs a server class. */
public final class Labels {
    /** Domain separation for the login signature over the rendezvous's nonce and the name. */
    public static final byte[] LOGIN = "conn-login-v1".getBytes(StandardCharsets.US_ASCII);

    private Labels() {}

    /** A fresh copy, so no caller can change the shared array. */
    public static byte[] login() {
        return LOGIN.clone();
    }
}
