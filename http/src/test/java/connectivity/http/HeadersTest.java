package connectivity.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HeadersTest {
    @Test
    void lookupIsCaseInsensitiveAndOrderIsKept() {
        Headers h = Headers.builder().add("Accept", "a").add("ACCEPT", "b").add("Host", "h").build();
        assertThat(h.first("accept")).contains("a");
        assertThat(h.all("Accept")).containsExactly("a", "b");
        assertThat(h.first("missing")).isEmpty();
        assertThat(h.fields()).extracting(Headers.Field::name).containsExactly("Accept", "ACCEPT", "Host");
    }

    @Test
    void setReplacesAndRemoveDrops() {
        Headers h = Headers.of("A", "1", "a", "2", "B", "3").toBuilder().set("A", "9").remove("b").build();
        assertThat(h.fields()).containsExactly(new Headers.Field("A", "9"));
    }

    @Test
    void rejectsInjection() {
        assertThatThrownBy(() -> Headers.builder().add("X", "a\r\nEvil: 1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Headers.builder().add("X Y", "a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Headers.builder().add("X", "a\u0000")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tokensInListHeaders() {
        Headers h = Headers.of("Connection", "keep-alive, Upgrade", "connection", "close");
        assertThat(h.hasToken("Connection", "close")).isTrue();
        assertThat(h.hasToken("connection", "upgrade")).isTrue();
        assertThat(h.hasToken("Connection", "keep")).isFalse();
    }
}
