package connectivity.torrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import connectivity.torrent.peer.ExtensionHandshake;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ExtensionsTest {
    private record Recorder(String name, List<String> heard) implements ExtensionHandler {
        @Override
        public void onMessage(PeerSession from, byte[] payload) {
            heard.add(name + ":" + new String(payload));
        }
    }

    @Test
    void ourHandshakeNamesEachHandlerWithItsIdAndMessagesGoToTheHandlerOfThatId() throws Exception {
        List<String> heard = new ArrayList<>();
        Extensions e = new Extensions(List.of(new Recorder("ut_metadata", heard), new Recorder("ut_pex", heard)));
        ExtensionHandshake ours = ExtensionHandshake.decode(e.handshake(500, OptionalInt.of(6881)).encode());
        assertThat(ours.messages()).isEqualTo(Map.of("ut_metadata", 1, "ut_pex", 2));
        assertThat(ours.requestQueue()).hasValue(500);
        assertThat(ours.listenPort()).hasValue(6881);
        e.dispatch(null, 2, "peers".getBytes());
        e.dispatch(null, 1, "piece".getBytes());
        e.dispatch(null, 3, "nobody".getBytes()); // an id we never gave: ignored (BEP 10)
        assertThat(heard).containsExactly("ut_pex:peers", "ut_metadata:piece");
    }

    @Test
    void twoHandlersForOneNameAreRefused() {
        List<String> heard = new ArrayList<>();
        assertThatThrownBy(() -> new Extensions(List.of(new Recorder("ut_pex", heard), new Recorder("ut_pex", heard))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Extensions.none().ourIds()).isEmpty();
    }
}
