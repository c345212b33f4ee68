package connectivity.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.http.Headers;
import connectivity.http.HttpVersion;
import connectivity.http.Status;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutesTest {
    private static Request get(String path) {
        return new Request("GET", path, path, "", Headers.EMPTY, new ByteArrayInputStream(new byte[0]),
                new InetSocketAddress("127.0.0.1", 1), HttpVersion.HTTP_1_1);
    }

    private static Handler answering(int status) {
        return r -> Response.status(status);
    }

    @Test
    void theLongestPrefixWinsAndPrefixesMatchWholeSegments() {
        Routes routes = new Routes(List.of(new Routes.Route("/", answering(200)),
                new Routes.Route("/announce", answering(201)), new Routes.Route("/announce/deep", answering(202))));
        assertThat(routes.dispatch(get("/announce"), () -> false).status()).isEqualTo(201);
        assertThat(routes.dispatch(get("/announce/x"), () -> false).status()).isEqualTo(201);
        assertThat(routes.dispatch(get("/announce/deep/y"), () -> false).status()).isEqualTo(202);
        assertThat(routes.dispatch(get("/announcer"), () -> false).status()).isEqualTo(200);
    }

    @Test
    void noRouteIs404AndTheAsteriskIs200() {
        Routes routes = new Routes(List.of(new Routes.Route("/a", answering(200))));
        assertThat(routes.dispatch(get("/b"), () -> false).status()).isEqualTo(Status.NOT_FOUND);
        assertThat(routes.dispatch(get("*"), () -> false).status()).isEqualTo(Status.OK);
    }

    @Test
    void aHandlerThatThrowsOrAnswersNothingIs500() {
        Routes routes = new Routes(List.of(new Routes.Route("/throws", r -> {
            throw new IllegalStateException("boom");
        }), new Routes.Route("/null", r -> null)));
        assertThat(routes.dispatch(get("/throws"), () -> false).status()).isEqualTo(Status.INTERNAL_SERVER_ERROR);
        assertThat(routes.dispatch(get("/null"), () -> true).status()).isEqualTo(Status.INTERNAL_SERVER_ERROR);
    }
}
