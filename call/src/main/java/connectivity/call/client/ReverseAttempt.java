package connectivity.call.client;

import connectivity.call.crypto.SecureChannel;
import java.io.IOException;

/** The rendezvous asks the callee to connect to the caller, who is reachable. */
public final class ReverseAttempt implements ConnectAttempt {
    @Override
    public String path() {
        return "reverse";
    }

    @Override
    public String describe() {
        return "reverse (callee connects to us)";
    }

    @Override
    public SecureChannel connect(DialContext ctx) throws IOException {
        return ctx.rendezvous().reverse();
    }
}
