package connectivity.call.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StoreUriTest {
    @Test
    void parsesHostPortAndDatabase() {
        assertThat(StoreUri.parse("redis://10.0.0.5:6380/3")).isEqualTo(new StoreUri("10.0.0.5", 6380, 3));
        assertThat(StoreUri.parse("redis://localhost")).isEqualTo(new StoreUri("localhost", 6379, 0));
        assertThat(StoreUri.parse("redis://h:1/")).isEqualTo(new StoreUri("h", 1, 0));
    }

    @Test
    void refusesWhatIsNotARedisAddress() {
        assertThatThrownBy(() -> StoreUri.parse("http://h:1")).hasMessageContaining("redis://HOST:PORT");
        assertThatThrownBy(() -> StoreUri.parse("redis://h:1/x")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> StoreUri.parse("redis://u:secret@h:1")).hasMessageContaining("--store-password-file");
        assertThatThrownBy(() -> StoreUri.parse("redis:// bad")).hasMessageContaining("not a URI");
    }
}
