package connectivity.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class HttpTargetTest {
    @Test
    void splitsUrlIntoDialAddressHostHeaderAndTarget() throws Exception {
        assertThat(HttpTarget.of(URI.create("http://example.org/a%20b?q=1#f")))
                .isEqualTo(new HttpTarget("example.org", 80, "example.org", "/a%20b?q=1"));
        assertThat(HttpTarget.of(URI.create("http://127.0.0.1:8080")))
                .isEqualTo(new HttpTarget("127.0.0.1", 8080, "127.0.0.1:8080", "/"));
        assertThat(HttpTarget.of(URI.create("HTTP://[::1]:81/x")))
                .isEqualTo(new HttpTarget("::1", 81, "[::1]:81", "/x"));
        assertThat(HttpTarget.of(URI.create("http://h?only=query")).requestTarget()).isEqualTo("/?only=query");
    }

    @Test
    void refusesWhatHttp11CannotFetch() {
        assertThatThrownBy(() -> HttpTarget.of(URI.create("https://example.org/")))
                .isInstanceOf(UnsupportedUrlException.class).hasMessage("https is not supported");
        assertThatThrownBy(() -> HttpTarget.of(URI.create("ftp://example.org/")))
                .hasMessageContaining("only http:// is supported");
        assertThatThrownBy(() -> HttpTarget.of(URI.create("example.org/x")))
                .hasMessageContaining("not an absolute URL");
        assertThatThrownBy(() -> HttpTarget.of(URI.create("http:///x")))
                .hasMessageContaining("no host");
        assertThatThrownBy(() -> HttpTarget.parseUrl("http://a b/"))
                .hasMessageStartingWith("bad URL: ");
    }
}
