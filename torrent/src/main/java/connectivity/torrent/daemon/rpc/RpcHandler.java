package connectivity.torrent.daemon.rpc;

import connectivity.http.server.Handler;
import connectivity.http.server.Request;
import connectivity.http.server.Response;
import connectivity.torrent.daemon.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** {@code POST /transmission/rpc}: the gate ({@link RpcGate}), then one JSON request to {@link TransmissionRpc}. */
public final class RpcHandler implements Handler {
    /** An RPC body is a small object; a .torrent inside it (base64) is the largest thing it carries. */
    public static final int MAX_BODY = 16 * 1024 * 1024;

    private final RpcGate gate;
    private final TransmissionRpc rpc;

    public RpcHandler(RpcGate gate, TransmissionRpc rpc) {
        this.gate = gate;
        this.rpc = rpc;
    }

    @Override
    public Response handle(Request r) throws Exception {
        Response refused = gate.admitRpc(r);
        if (refused != null) return refused;
        if (!r.method().equals("POST")) return Response.text(405, "405: Method Not Allowed (POST a JSON request)\n").withHeader("Allow", "POST");
        byte[] body = r.body().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) return Response.text(413, "413: request too large\n");
        Map<String, Object> request;
        try {
            request = Json.parseObject(new String(body, StandardCharsets.UTF_8));
        } catch (Json.JsonException e) {
            return Response.text(400, "400: Bad Request (" + e.getMessage() + ")\n");
        }
        byte[] out = Json.write(rpc.call(request)).getBytes(StandardCharsets.UTF_8);
        return Response.of(200, "application/json; charset=UTF-8", out).withHeader("Cache-Control", "no-store");
    }
}
