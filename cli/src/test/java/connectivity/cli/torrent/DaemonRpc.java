package connectivity.cli.torrent;

import connectivity.http.client.HttpClient;
import connectivity.http.client.HttpRequest;
import connectivity.http.client.HttpResponse;
import connectivity.torrent.daemon.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A Transmission RPC client for tests: the 409 handshake, then one JSON request per call. */
final class DaemonRpc implements AutoCloseable {
    private final HttpClient http = HttpClient.builder().connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(20)).build();
    private final URI uri;
    private String sessionId = "";

    DaemonRpc(int port) {
        this.uri = URI.create("http://127.0.0.1:" + port + "/transmission/rpc");
    }

    Map<String, Object> call(String method, Map<String, Object> arguments) throws Exception {
        byte[] body = Json.write(Map.of("method", method, "arguments", arguments)).getBytes(StandardCharsets.UTF_8);
        for (int attempt = 0; attempt < 2; attempt++) {
            HttpResponse r = http.send(HttpRequest.post(uri, connectivity.http.client.RequestBody.ofBytes(body))
                    .withHeader("X-Transmission-Session-Id", sessionId));
            if (r.status() == 409) {
                sessionId = r.headers().first("X-Transmission-Session-Id").orElseThrow();
                continue;
            }
            if (r.status() != 200) throw new IllegalStateException("RPC answered " + r.status());
            return Json.parseObject(r.bodyText());
        }
        throw new IllegalStateException("no session id");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> torrent(int id, String... fields) throws Exception {
        Map<String, Object> r = call("torrent-get", Map.of("ids", List.of((long) id), "fields", List.of(fields)));
        List<Object> ts = (List<Object>) ((Map<String, Object>) r.get("arguments")).get("torrents");
        return (Map<String, Object>) ts.get(0);
    }

    @Override
    public void close() {
        http.close();
    }
}
