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
                .isEqualTo(new HttpTarget("http", "example.org", 80, "example.org", "/a%20b?q=1"));
        assertThat(HttpTarget.of(URI.create("http://127.0.0.1:8080")))
                .isEqualTo(new HttpTarget("http", "127.0.0.1", 8080, "127.0.0.1:8080", "/"));
        assertThat(HttpTarget.of(URI.create("HTTP://[::1]:81/x")))
                .isEqualTo(new HttpTarget("http", "::1", 81, "[::1]:81", "/x"));
        assertThat(HttpTarget.of(URI.create("http://h?only=query")).requestTarget()).isEqualTo("/?only=query");
    }

    @Test
    void httpsDefaultsToPort443AndPoolsApartFromHttp() throws Exception {
        HttpTarget tls = HttpTarget.of(URI.create("https://example.org/x"));
        assertThat(tls).isEqualTo(new HttpTarget("https", "example.org", 443, "example.org", "/x"));
        assertThat(tls.secure()).isTrue();
        assertThat(HttpTarget.of(URI.create("https://example.org:80/")).hostHeader()).isEqualTo("example.org:80");
        assertThat(tls.poolKey()).isNotEqualTo(HttpTarget.of(URI.create("http://example.org:443/")).poolKey());
    }

    @Test
    void refusesWhatHttp11CannotFetch() {
        assertThatThrownBy(() -> HttpTarget.of(URI.create("ftp://example.org/")))
                .isInstanceOf(UnsupportedUrlException.class)
                .hasMessageContaining("only http:// and https:// are supported");
        assertThatThrownBy(() -> HttpTarget.of(URI.create("example.org/x")))
                .hasMessageContaining("not an absolute URL");
        assertThatThrownBy(() -> HttpTarget.of(URI.create("http:///x")))
                .hasMessageContaining("no host");
        assertThatThrownBy(() -> HttpTarget.parseUrl("http://a b/"))
                .hasMessageStartingWith("bad URL: ");
    }
}
