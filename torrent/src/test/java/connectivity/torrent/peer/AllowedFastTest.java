package connectivity.torrent.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AllowedFastTest {
    private static final byte[] INFO_HASH = new byte[20];

    static {
        Arrays.fill(INFO_HASH, (byte) 0xaa);
    }

    @Test
    void theSetIsBep6sWorkedExample() throws Exception {
        InetAddress peer = InetAddress.getByName("80.4.4.200");
        assertThat(AllowedFast.set(peer, INFO_HASH, 1313, 7)).containsExactly(1059, 431, 808, 1217, 287, 376, 1188);
        assertThat(AllowedFast.set(peer, INFO_HASH, 1313, 9)).containsExactly(1059, 431, 808, 1217, 287, 376, 1188, 353, 508);
    }

    @Test
    void onlyTheSlash24CountsAndSmallTorrentsGetEveryPiece() throws Exception {
        assertThat(AllowedFast.set(InetAddress.getByName("80.4.4.1"), INFO_HASH, 1313, 9))
                .isEqualTo(AllowedFast.set(InetAddress.getByName("80.4.4.200"), INFO_HASH, 1313, 9));
        assertThat(AllowedFast.set(InetAddress.getByName("10.0.0.1"), INFO_HASH, 3, 10)).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(AllowedFast.set(InetAddress.getByName("::1"), INFO_HASH, 1313, 10)).isEmpty();
    }
}
