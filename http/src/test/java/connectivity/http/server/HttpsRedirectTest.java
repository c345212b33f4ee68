package connectivity.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.http.Headers;
import connectivity.http.HttpVersion;
import java.io.InputStream;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The cleartext listener's answer: 301 to the same host and target on https, without a socket. */
class HttpsRedirectTest {
    private static Response answer(HttpsRedirect redirect, String target, Headers headers) {
        return redirect.handle(new Request("GET", target, target, "", headers, InputStream.nullInputStream(),
                new InetSocketAddress("127.0.0.1", 1), HttpVersion.HTTP_1_1));
    }

    @Test
    void keepsHostPathAndQueryAndSwapsThePort() {
        HttpsRedirect r = new HttpsRedirect(8443, "127.0.0.1");
        Response a = answer(r, "/a/b?x=1", Headers.of("Host", "Example.org:8080"));
        assertThat(a.status()).isEqualTo(301);
        assertThat(a.headers().first("Location")).hasValue("https://example.org:8443/a/b?x=1");
        assertThat(answer(r, "/", Headers.of("Host", "[::1]:80")).headers().first("Location")).hasValue("https://[::1]:8443/");
        assertThat(answer(new HttpsRedirect(443, "h"), "/p", Headers.of("Host", "h.example")).headers().first("Location"))
                .hasValue("https://h.example/p");
    }

    @Test
    void aMissingOrOddHostFallsBackToTheServersOwn() {
        HttpsRedirect r = new HttpsRedirect(8443, "127.0.0.1");
        assertThat(answer(r, "/x", Headers.EMPTY).headers().first("Location")).hasValue("https://127.0.0.1:8443/x");
        assertThat(answer(r, "/x", Headers.of("Host", "evil\"><script>")).headers().first("Location"))
                .hasValue("https://127.0.0.1:8443/x");
    }
}
