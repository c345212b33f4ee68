package connectivity.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class RedirectPolicyTest {
    private static final URI BASE = URI.create("http://h:8080/a/b/c?x=1");
    private static final RequestBody BODY = RequestBody.ofBytes("body".getBytes(StandardCharsets.UTF_8));

    @Test
    void nonRedirectsAreNotFollowed() throws Exception {
        for (int status : new int[] {200, 204, 300, 304, 305, 404}) {
            assertThat(RedirectPolicy.next(HttpRequest.get(BASE), status, Optional.of("/x"))).isEmpty();
        }
    }

    @Test
    void relativeLocationsResolveAgainstTheRequestUrl() throws Exception {
        assertThat(next("GET", 302, "d").uri()).isEqualTo(URI.create("http://h:8080/a/b/d"));
        assertThat(next("GET", 302, "../d?y=2").uri()).isEqualTo(URI.create("http://h:8080/a/d?y=2"));
        assertThat(next("GET", 302, "/root").uri()).isEqualTo(URI.create("http://h:8080/root"));
        assertThat(next("GET", 302, "//other:81/p").uri()).isEqualTo(URI.create("http://other:81/p"));
        assertThat(next("GET", 302, "http://elsewhere/z#frag").uri()).isEqualTo(URI.create("http://elsewhere/z"));
    }

    @Test
    void seeOtherBecomesGetWithoutBodyButHeadStaysHead() throws Exception {
        HttpRequest put = HttpRequest.put(BASE, BODY).withHeader("Content-Type", "text/plain").withHeader("Accept", "*/*");
        HttpRequest after = RedirectPolicy.next(put, 303, Optional.of("/r")).orElseThrow();
        assertThat(after.method()).isEqualTo("GET");
        assertThat(after.body()).isEmpty();
        assertThat(after.header("Content-Type")).isEmpty();
        assertThat(after.header("Accept")).contains("*/*");
        assertThat(next("HEAD", 303, "/r").method()).isEqualTo("HEAD");
    }

    @Test
    void temporaryAndPermanentRedirectKeepMethodAndBody() throws Exception {
        for (int status : new int[] {307, 308}) {
            HttpRequest after = RedirectPolicy.next(HttpRequest.put(BASE, BODY), status, Optional.of("/r")).orElseThrow();
            assertThat(after.method()).isEqualTo("PUT");
            assertThat(after.body()).containsSame(BODY);
        }
    }

    @Test
    void movedAndFoundTurnPostIntoGetButKeepOtherMethods() throws Exception {
        for (int status : new int[] {301, 302}) {
            assertThat(RedirectPolicy.next(HttpRequest.post(BASE, BODY), status, Optional.of("/r")).orElseThrow().method())
                    .isEqualTo("GET");
            assertThat(RedirectPolicy.next(HttpRequest.put(BASE, BODY), status, Optional.of("/r")).orElseThrow().method())
                    .isEqualTo("PUT");
            assertThat(next("DELETE", status, "/r").method()).isEqualTo("DELETE");
        }
    }

    @Test
    void missingOrMalformedLocationIsABadResponse() {
        assertThatThrownBy(() -> RedirectPolicy.next(HttpRequest.get(BASE), 301, Optional.empty()))
                .isInstanceOf(BadResponseException.class).hasMessageContaining("without a Location");
        assertThatThrownBy(() -> RedirectPolicy.next(HttpRequest.get(BASE), 301, Optional.of("  ")))
                .isInstanceOf(BadResponseException.class);
        assertThatThrownBy(() -> RedirectPolicy.next(HttpRequest.get(BASE), 301, Optional.of("http://bad host/")))
                .isInstanceOf(BadResponseException.class).hasMessageContaining("bad Location");
    }

    private static HttpRequest next(String method, int status, String location) throws Exception {
        HttpRequest request = new HttpRequest(method, BASE, connectivity.http.Headers.EMPTY, Optional.empty());
        return RedirectPolicy.next(request, status, Optional.of(location)).orElseThrow();
    }
}
