package connectivity.http.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9113 8.3 request pseudo-headers, without a socket. */
class RequestHeadTest {
    static List<HeaderField> fields(String... nv) {
        List<HeaderField> l = new ArrayList<>();
        for (int i = 0; i < nv.length; i += 2) l.add(new HeaderField(nv[i], nv[i + 1]));
        return l;
    }

    static void malformed(String... nv) {
        assertThatThrownBy(() -> RequestHead.of(1, fields(nv))).as(String.join(" ", nv))
                .isInstanceOfSatisfying(H2Exception.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PROTOCOL_ERROR);
                    assertThat(e.streamId()).isEqualTo(1);
                });
    }

    @Test
    void aValidRequestMapsAuthorityToHostAndJoinsCookies() throws Exception {
        RequestHead head = RequestHead.of(1, fields(":method", "GET", ":scheme", "http", ":path", "/a?b", ":authority", "h:1",
                "cookie", "a=1", "accept", "*/*", "cookie", "b=2", "te", "trailers"));
        assertThat(head.method()).isEqualTo("GET");
        assertThat(head.target()).isEqualTo("/a?b");
        assertThat(head.headers().firstOrNull("Host")).isEqualTo("h:1");
        assertThat(head.headers().all("cookie")).containsExactly("a=1; b=2");
    }

    @Test
    void malformedRequestsAreStreamErrors() {
        malformed(":scheme", "http", ":path", "/"); // no :method
        malformed(":method", "GET", ":path", "/"); // no :scheme
        malformed(":method", "GET", ":scheme", "http", ":path", ""); // empty :path
        malformed(":method", "GET", ":method", "GET", ":scheme", "http", ":path", "/");
        malformed(":method", "GET", ":scheme", "http", ":path", "/", ":status", "200");
        malformed(":method", "GET", ":scheme", "http", ":path", "/", ":protocol", "websocket");
        malformed(":method", "GET", "a", "b", ":scheme", "http", ":path", "/");
        malformed(":method", "GET", ":scheme", "http", ":path", "/", "Accept", "*/*");
        malformed(":method", "GET", ":scheme", "http", ":path", "/", "keep-alive", "5");
        malformed(":method", "GET", ":scheme", "http", ":path", "/", "te", "gzip");
        malformed(":method", "GET", ":scheme", "http", ":path", "/", "x", "a\r\nb");
        malformed(":method", "GET", ":scheme", "http", ":path", "/", "x", " padded");
        malformed(":method", "GET", ":scheme", "http", ":path", "/", "x", "bell\u0007");
        malformed(":method", "GET", ":scheme", "http", ":path", "/", "", "empty name");
        malformed(":method", "CONNECT", ":scheme", "http", ":path", "/", ":authority", "h");
    }

    @Test
    void connectNeedsOnlyAnAuthority() throws Exception {
        assertThat(RequestHead.of(1, fields(":method", "CONNECT", ":authority", "h:443")).method()).isEqualTo("CONNECT");
    }

    @Test
    void trailersMayNotCarryPseudoHeaders() throws Exception {
        assertThat(RequestHead.trailers(1, fields("x-sum", "1")).first("X-Sum")).contains("1");
        assertThatThrownBy(() -> RequestHead.trailers(1, fields(":path", "/"))).isInstanceOf(H2Exception.class);
    }
}
