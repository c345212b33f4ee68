package connectivity.torrent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void readsWhatTransmissionRemoteSends() throws Exception {
        Map<String, Object> m = Json.parseObject("{\"arguments\":{\"fields\":[\"id\",\"name\"],\"ids\":[1]},\"method\":\"torrent-get\",\"tag\":4}");
        assertThat(m.get("method")).isEqualTo("torrent-get");
        assertThat(m.get("tag")).isEqualTo(4L);
        assertThat(((Map<?, ?>) m.get("arguments")).get("ids")).isEqualTo(List.of(1L));
    }

    @Test
    void numbersEscapesAndLiterals() throws Exception {
        assertThat(Json.parse("[1.5,-2,3e2,true,false,null,\"a\\u00e9\\n\\\"\"]"))
                .isEqualTo(java.util.Arrays.asList(1.5, -2L, 300.0, true, false, null, "a\u00e9\n\""));
        assertThat(Json.write(Map.of("x", 2.0))).isEqualTo("{\"x\":2}");
        assertThat(Json.write(List.of("</script>"))).isEqualTo("[\"\\u003c/script\\u003e\"]");
    }

    @Test
    void refusesGarbageAndDeepNesting() {
        for (String bad : List.of("", "{", "[1,]", "{\"a\" 1}", "\"\u0001\"", "tru", "1 2", "{\"a\":1}x", "\"\\x\"")) {
            assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(Json.JsonException.class);
        }
        assertThatThrownBy(() -> Json.parse("[".repeat(100) + "]".repeat(100))).hasMessageContaining("nested too deeply");
    }

    @Property
    void stringsRoundTrip(@ForAll String s) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(s, s);
        assertThat(Json.parse(Json.write(m))).isEqualTo(m);
    }
}
