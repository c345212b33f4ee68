package connectivity.cli.call;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Public and cone-NATed hosts: which path each pairing gets, end to end between real processes. */
@Timeout(300)
class NatLabMatrixIT extends NatLabCase {
    @Test
    void publicToPublicGoesDirect() throws Exception {
        callAndCheck("pp", p1, p2, "direct");
    }

    @Test
    void publicCallerToNatedCalleeGoesReverse() throws Exception {
        callAndCheck("pn", p1, a1, "reverse");
    }

    @Test
    void natedCallerToPublicCalleeGoesDirect() throws Exception {
        callAndCheck("np", a1, p2, "direct");
    }

    @Test
    void bothNatedBehindDifferentRoutersGoesThroughTheRelay() throws Exception {
        callAndCheck("nn", a1, b1, "relay");
    }
}
