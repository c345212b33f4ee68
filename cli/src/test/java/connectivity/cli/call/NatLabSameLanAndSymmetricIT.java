package connectivity.cli.call;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two hosts behind one router, and a symmetric NAT (MASQUERADE --random-fully) on either side. */
@Timeout(300)
class NatLabSameLanAndSymmetricIT extends NatLabCase {
    @Test
    void bothBehindOneRouterGoDirectOnTheLan() throws Exception {
        callAndCheck("lan", a1, a2, "direct");
    }

    @Test
    void symmetricNatedCallerToPublicCalleeGoesDirect() throws Exception {
        callAndCheck("sp", s1, p1, "direct");
    }

    @Test
    void publicCallerToSymmetricNatedCalleeGoesReverse() throws Exception {
        callAndCheck("ps", p2, s1, "reverse");
    }

    @Test
    void symmetricNatedCallerToConeNatedCalleeGoesThroughTheRelay() throws Exception {
        callAndCheck("sn", s1, b1, "relay");
    }
}
