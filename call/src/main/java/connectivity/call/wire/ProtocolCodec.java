package connectivity.call.wire;

import connectivity.call.wire.HandshakeMessage.InitiatorHello;
import connectivity.call.wire.HandshakeMessage.InitiatorSignature;
import connectivity.call.wire.HandshakeMessage.ResponderHello;
import connectivity.call.wire.HandshakeMessage.ResponderSignature;
import connectivity.call.wire.InCallMessage.Ack;
import connectivity.call.wire.InCallMessage.Bye;
import connectivity.call.wire.InCallMessage.Chat;
import connectivity.call.wire.InCallMessage.FileBegin;
import connectivity.call.wire.InCallMessage.FileChunk;
import connectivity.call.wire.InCallMessage.FileEnd;
import connectivity.call.wire.InCallMessage.VoiceBegin;
import connectivity.call.wire.InCallMessage.VoiceEnd;
import connectivity.call.wire.InCallMessage.VoiceFrame;
import connectivity.call.wire.ListenerMessage.Probe;
import connectivity.call.wire.ListenerMessage.ProbeOk;
import connectivity.call.wire.ListenerMessage.Route;
import connectivity.call.wire.RelayMessage.Join;
import connectivity.call.wire.RelayMessage.Notice;
import connectivity.call.wire.RelayMessage.Paired;
import connectivity.call.wire.RelayMessage.Waiting;
import connectivity.call.wire.RendezvousMessage.Answer;
import connectivity.call.wire.RendezvousMessage.CallAccepted;
import connectivity.call.wire.RendezvousMessage.CallCancelled;
import connectivity.call.wire.RendezvousMessage.CallFailed;
import connectivity.call.wire.RendezvousMessage.CallRejected;
import connectivity.call.wire.RendezvousMessage.CallRequest;
import connectivity.call.wire.RendezvousMessage.Cancel;
import connectivity.call.wire.RendezvousMessage.Challenge;
import connectivity.call.wire.RendezvousMessage.ConnectTo;
import connectivity.call.wire.RendezvousMessage.Connected;
import connectivity.call.wire.RendezvousMessage.Failed;
import connectivity.call.wire.RendezvousMessage.Incoming;
import connectivity.call.wire.RendezvousMessage.Login;
import connectivity.call.wire.RendezvousMessage.Pong;
import connectivity.call.wire.RendezvousMessage.RelayRequest;
import connectivity.call.wire.RendezvousMessage.RelayToken;
import connectivity.call.wire.RendezvousMessage.Reverse;
import connectivity.call.wire.RendezvousMessage.Ringing;
import connectivity.call.wire.RendezvousMessage.Welcome;
import connectivity.call.wire.RendezvousMessage.Who;
import connectivity.call.wire.RendezvousMessage.WhoList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one mapping between the typed messages and their {@link WireMessage} frames: type names, field
 * keys, field order (the bytes are pinned by tests) and how a field is parsed. A missing required field
 * or a malformed value is the peer's {@link CallProtocolException}, never another exception.
 */
public final class ProtocolCodec {
    private ProtocolCodec() {}

    public static WireMessage encode(ProtocolMessage message) {
        return switch (message) {
            case Refusal m -> frame("ERROR").opt("reason", m.reason()).done();
            case Challenge m -> frame("CHALLENGE").put("nonce", m.nonce()).put("probe", m.probe()).put("seen", m.seen()).done();
            case Login m -> frame("LOGIN").put("name", m.name()).put("id", m.key()).put("sig", m.signature())
                    .put("port", m.port()).put("lan", m.lan()).put("reachable", m.reachable()).done();
            case Welcome m -> frame("WELCOME").put("seen", m.seen()).put("reachable", m.reachable())
                    .put("ping-ms", m.pingMillis()).done();
            case RendezvousMessage.Ping m -> frame("PING").done();
            case Pong m -> frame("PONG").done();
            case Who m -> frame("WHO").done();
            case WhoList m -> {
                Frame f = frame("WHO_LIST").put("names", m.names());
                yield (m.more() > 0 ? f.put("more", m.more()) : f).done();
            }
            case CallRequest m -> frame("CALL").put("call", m.call()).put("to", m.to()).done();
            case Ringing m -> frame("RINGING").put("call", m.call()).done();
            case Incoming m -> frame("INCOMING").put("call", m.call()).put("from", m.from()).put("id", m.key()).done();
            case Answer m -> {
                Frame f = frame("ANSWER").put("call", m.call()).put("accept", m.accept());
                yield (m.busy() ? f.put("busy", true) : f).done();
            }
            case CallRejected m -> frame("CALL_REJECTED").put("call", m.call()).put("busy", m.busy()).done();
            case CallAccepted m -> frame("CALL_ACCEPTED").put("call", m.call()).put("id", m.key())
                    .put("public", m.publicAddress()).put("lan", m.lan()).put("reachable", m.reachable())
                    .put("same-nat", m.sameNat()).put("you-reachable", m.youReachable()).done();
            case CallFailed m -> frame("CALL_FAILED").put("call", m.call()).opt("reason", m.reason()).done();
            case CallCancelled m -> frame("CALL_CANCELLED").put("call", m.call()).opt("reason", m.reason()).done();
            case Reverse m -> frame("REVERSE").put("call", m.call()).done();
            case ConnectTo m -> frame("CONNECT_TO").put("call", m.call()).put("addrs", m.addresses()).done();
            case RelayRequest m -> frame("RELAY").put("call", m.call()).put("relay", m.relay()).done();
            case RelayToken m -> frame("RELAY_TOKEN").put("call", m.call()).put("relay", m.relay()).put("token", m.token()).done();
            case Failed m -> frame("FAILED").put("call", m.call()).opt("reason", m.reason()).done();
            case Cancel m -> frame("CANCEL").put("call", m.call()).done();
            case Connected m -> frame("CONNECTED").put("call", m.call()).put("path", m.path()).done();
            case RendezvousMessage.Punch m -> frame("PUNCH").put("call", m.call()).put("peer", m.peer())
                    .put("addr", m.address()).put("nat", m.nat()).done();
            case RendezvousMessage.PunchSync m -> frame("PUNCH_SYNC").put("call", m.call()).put("peer", m.peer()).done();
            case Probe m -> frame("PROBE").done();
            case ProbeOk m -> frame("PROBE_OK").put("probe", m.probe()).done();
            case Route m -> frame("ROUTE").put("call", m.call()).done();
            case Join m -> frame("JOIN").put("token", m.token()).done();
            case Waiting m -> frame("WAITING").done();
            case Paired m -> frame("PAIRED").put("max-bytes", m.maxBytes()).put("max-seconds", m.maxSeconds()).done();
            case Notice m -> frame("RELAY_NOTICE").opt("reason", m.reason()).done();
            case RelayMessage.Observe m -> frame("OBSERVE").done();
            case RelayMessage.Observed m -> frame("OBSERVED").put("seen", m.seen()).done();
            case InitiatorHello m -> frame("HELLO_I").put("call", m.call()).put("name", m.name()).put("id", m.key())
                    .put("eph", m.ephemeral()).put("path", m.path()).done();
            case ResponderHello m -> frame("HELLO_R").put("call", m.call()).put("name", m.name()).put("id", m.key())
                    .put("eph", m.ephemeral()).done();
            case InitiatorSignature m -> frame("SIG_I").put("sig", m.signature()).done();
            case ResponderSignature m -> frame("SIG_R").put("sig", m.signature()).done();
            case InCallMessage.Ping m -> frame("PING").put("every-ms", m.everyMillis()).done();
            case Bye m -> frame("BYE").done();
            case InCallMessage.Got m -> frame("GOT").put("n", m.count()).done();
            case InCallMessage.Resume m -> frame("RESUME").put("next", m.next()).done();
            case Chat m -> frame("CHAT").put("item", m.item()).put("text", m.text()).done();
            case Ack m -> frame("ACK").put("item", m.item()).put("kind", m.kind()).opt("name", m.name())
                    .put("ok", m.ok()).opt("detail", m.detail()).done();
            case FileBegin m -> frame("FILE_BEGIN").put("item", m.item()).put("name", m.name()).put("size", m.size()).done();
            case FileChunk m -> frame("FILE_CHUNK").put("item", m.item()).body(m.data());
            case FileEnd m -> frame("FILE_END").put("item", m.item()).put("sha256", m.sha256()).put("size", m.size()).done();
            case VoiceBegin m -> frame("VOICE_BEGIN").put("item", m.item()).put("name", m.name()).put("rate", m.rate())
                    .put("channels", m.channels()).put("bits", m.bits()).put("frames", m.frames()).done();
            case VoiceFrame m -> frame("VOICE_FRAME").put("item", m.item()).put("seq", m.seq()).put("ts", m.micros())
                    .body(m.data());
            case VoiceEnd m -> frame("VOICE_END").put("item", m.item()).put("frames", m.frames()).done();
        };
    }

    /** A message on the rendezvous connection, in either direction. */
    public static RendezvousMessage rendezvous(WireMessage m) throws CallProtocolException {
        return canonical(m, switch (m.type()) {
            case "ERROR" -> refusal(m);
            case "CHALLENGE" -> new Challenge(m.getBytes("nonce"), m.get("probe"), m.get("seen"));
            case "LOGIN" -> new Login(m.get("name"), m.getBytes("id"), m.getBytes("sig"), m.getLong("port"),
                    list(m.get("lan", "")), bool(m, "reachable"));
            case "WELCOME" -> new Welcome(m.get("seen"), Boolean.parseBoolean(m.get("reachable")), m.getLong("ping-ms"));
            case "PING" -> new RendezvousMessage.Ping();
            case "PONG" -> new Pong();
            case "WHO" -> new Who();
            case "WHO_LIST" -> new WhoList(list(m.get("names", "")), m.get("more", null) == null ? 0 : count(m, "more"));
            case "CALL" -> new CallRequest(m.get("call"), m.get("to"));
            case "RINGING" -> new Ringing(m.get("call"));
            case "INCOMING" -> new Incoming(m.get("call"), m.get("from"), m.getBytes("id"));
            case "ANSWER" -> new Answer(m.get("call"), Boolean.parseBoolean(m.get("accept")), bool(m, "busy"));
            case "CALL_REJECTED" -> new CallRejected(m.get("call"), bool(m, "busy"));
            case "CALL_ACCEPTED" -> new CallAccepted(m.get("call"), m.getBytes("id"), m.get("public"),
                    list(m.get("lan", "")), bool(m, "reachable"), bool(m, "same-nat"), bool(m, "you-reachable"));
            case "CALL_FAILED" -> new CallFailed(m.get("call"), m.get("reason", null));
            case "CALL_CANCELLED" -> new CallCancelled(m.get("call"), m.get("reason", null));
            case "REVERSE" -> new Reverse(m.get("call"));
            case "CONNECT_TO" -> new ConnectTo(m.get("call"), list(m.get("addrs", "")));
            case "RELAY" -> new RelayRequest(m.get("call"), m.get("relay"));
            case "RELAY_TOKEN" -> new RelayToken(m.get("call"), m.get("relay"), m.get("token"));
            case "FAILED" -> new Failed(m.get("call"), m.get("reason", null));
            case "CANCEL" -> new Cancel(m.get("call"));
            case "CONNECTED" -> new Connected(m.get("call"), m.get("path"));
            case "PUNCH" -> new RendezvousMessage.Punch(m.get("call"), m.get("peer"), m.get("addr"), m.get("nat"));
            case "PUNCH_SYNC" -> new RendezvousMessage.PunchSync(m.get("call"), m.get("peer"));
            default -> throw unknown(m);
        });
    }

    /** The first message on a connection to a client's listening socket, or the answer to a probe. */
    public static ListenerMessage listener(WireMessage m) throws CallProtocolException {
        return canonical(m, switch (m.type()) {
            case "ERROR" -> refusal(m);
            case "PROBE" -> new Probe();
            case "PROBE_OK" -> new ProbeOk(m.get("probe"));
            case "ROUTE" -> new Route(m.get("call"));
            default -> throw unknown(m);
        });
    }

    public static RelayMessage relay(WireMessage m) throws CallProtocolException {
        return canonical(m, switch (m.type()) {
            case "ERROR" -> refusal(m);
            case "JOIN" -> new Join(m.get("token"));
            case "WAITING" -> new Waiting();
            case "PAIRED" -> new Paired(m.getLong("max-bytes"), m.getLong("max-seconds"));
            case "RELAY_NOTICE" -> new Notice(m.get("reason", null));
            case "OBSERVE" -> new RelayMessage.Observe();
            case "OBSERVED" -> new RelayMessage.Observed(m.get("seen"));
            default -> throw unknown(m);
        });
    }

    /** A plain message of the call handshake, before the channel is sealed. */
    public static HandshakeMessage handshake(WireMessage m) throws CallProtocolException {
        return canonical(m, switch (m.type()) {
            case "ERROR" -> refusal(m);
            case "HELLO_I" -> new InitiatorHello(m.get("call"), m.get("name"), m.getBytes("id"), m.getBytes("eph"), m.get("path"));
            case "HELLO_R" -> new ResponderHello(m.get("call"), m.get("name"), m.getBytes("id"), m.getBytes("eph"));
            case "SIG_I" -> new InitiatorSignature(m.getBytes("sig"));
            case "SIG_R" -> new ResponderSignature(m.getBytes("sig"));
            default -> throw unknown(m);
        });
    }

    public static InCallMessage inCall(WireMessage m) throws CallProtocolException {
        return canonical(m, inCallFields(m));
    }

    private static InCallMessage inCallFields(WireMessage m) throws CallProtocolException {
        switch (m.type()) {
            case "PING":
                return new InCallMessage.Ping(m.getLong("every-ms"));
            case "BYE":
                return new Bye();
            case "GOT":
                return new InCallMessage.Got(m.getLong("n"));
            case "RESUME":
                return new InCallMessage.Resume(m.getLong("next"));
            default:
                break;
        }
        String item = m.get("item");
        return switch (m.type()) {
            case "CHAT" -> new Chat(item, m.get("text"));
            case "ACK" -> new Ack(item, m.get("kind"), m.get("name", null), Boolean.parseBoolean(m.get("ok")),
                    m.get("detail", null));
            case "FILE_BEGIN" -> new FileBegin(item, m.get("name"), m.getLong("size"));
            case "FILE_CHUNK" -> new FileChunk(item, m.body());
            case "FILE_END" -> new FileEnd(item, m.get("sha256"), m.getLong("size"));
            case "VOICE_BEGIN" -> new VoiceBegin(item, m.get("name"), m.getLong("rate"), m.getLong("channels"),
                    m.getLong("bits"), m.getLong("frames"));
            case "VOICE_FRAME" -> new VoiceFrame(item, m.getLong("seq"), m.getLong("ts"), m.body());
            case "VOICE_END" -> new VoiceEnd(item, m.getLong("frames"));
            default -> throw unknown(m);
        };
    }

    /**
     * A frame is accepted only in the one form the codec writes: its type's fields, no others, in the
     * codec's order, values as the codec spells them ({@code true}, {@code 12}, padded base64), and a
     * body only where the type has one. So every message has exactly one encoding, what a side signs or
     * hashes is what was on the wire, and nothing a peer adds is silently dropped. A new field is a
     * change to this codec on both ends.
     */
    private static <T extends ProtocolMessage> T canonical(WireMessage m, T decoded) throws CallProtocolException {
        WireMessage again = encode(decoded);
        if (!again.type().equals(m.type())
                || !List.copyOf(again.fields().entrySet()).equals(List.copyOf(m.fields().entrySet()))
                || !Arrays.equals(again.body(), m.body())) {
            throw new CallProtocolException(m.type() + " is not in the codec's form (fields, their order or spelling, or a body)");
        }
        return decoded;
    }

    /** The wire name of a message type, for errors such as "expected LOGIN but got PING". */
    public static String typeName(ProtocolMessage m) {
        return encode(m).type();
    }

    /** Whether a raw message is a {@link Refusal}, for callers that stay at the frame level. */
    public static boolean isRefusal(WireMessage m) {
        return m.is("ERROR");
    }

    private static Refusal refusal(WireMessage m) {
        return new Refusal(m.get("reason", null));
    }

    private static CallProtocolException unknown(WireMessage m) {
        return new CallProtocolException("unexpected message " + m.type());
    }

    private static boolean bool(WireMessage m, String key) {
        return Boolean.parseBoolean(m.get(key, "false"));
    }

    private static int count(WireMessage m, String key) throws CallProtocolException {
        long n = m.getLong(key);
        if (n < 0 || n > Integer.MAX_VALUE) throw new CallProtocolException(m.type() + " has an out-of-range " + key);
        return (int) n;
    }

    /** A comma-separated list; blanks are dropped. */
    private static List<String> list(String joined) {
        return Arrays.stream(joined.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static Frame frame(String type) {
        return new Frame(type);
    }

    /** Fields in the order they are put, which is the order on the wire. */
    private static final class Frame {
        private final String type;
        private final Map<String, String> fields = new LinkedHashMap<>();

        Frame(String type) {
            this.type = type;
        }

        Frame put(String key, String value) {
            fields.put(key, value);
            return this;
        }

        Frame opt(String key, String value) {
            return value == null ? this : put(key, value);
        }

        Frame put(String key, long value) {
            return put(key, Long.toString(value));
        }

        Frame put(String key, boolean value) {
            return put(key, Boolean.toString(value));
        }

        Frame put(String key, byte[] value) {
            return put(key, WireMessage.b64(value));
        }

        Frame put(String key, List<String> values) {
            return put(key, String.join(",", values));
        }

        WireMessage done() {
            return new WireMessage(type, fields, null);
        }

        WireMessage body(byte[] body) {
            return new WireMessage(type, fields, body);
        }
    }
}
