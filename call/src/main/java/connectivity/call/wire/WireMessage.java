package connectivity.call.wire;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One protocol message: a type, named text fields, and an optional binary body. Encoded as
 * {@code u16 typeLen, type, u16 fieldCount, (u16 keyLen, key, u16 valueLen, value)*, body...}.
 * The same shape serves the rendezvous, the relay and (sealed) the call itself.
 */
public record WireMessage(String type, Map<String, String> fields, byte[] body) {
    private static final byte[] NO_BODY = new byte[0];

    public WireMessage {
        Objects.requireNonNull(type);
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        body = body == null ? NO_BODY : body;
    }

    public static WireMessage of(String type, String... keyValues) {
        if (keyValues.length % 2 != 0) throw new IllegalArgumentException("odd key/value list");
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) map.put(keyValues[i], keyValues[i + 1]);
        return new WireMessage(type, map, null);
    }

    public WireMessage with(String key, String value) {
        Map<String, String> map = new LinkedHashMap<>(fields);
        map.put(key, value);
        return new WireMessage(type, map, body);
    }

    public WireMessage withBody(byte[] newBody) {
        return new WireMessage(type, fields, newBody);
    }

    public boolean is(String t) {
        return type.equals(t);
    }

    /** A field that must be present; its absence is the peer's protocol error. */
    public String get(String key) throws CallProtocolException {
        String v = fields.get(key);
        if (v == null) throw new CallProtocolException(type + " lacks field " + key);
        return v;
    }

    public String get(String key, String fallback) {
        return fields.getOrDefault(key, fallback);
    }

    public long getLong(String key) throws CallProtocolException {
        try {
            return Long.parseLong(get(key));
        } catch (NumberFormatException e) {
            throw new CallProtocolException(type + " has a non-numeric " + key);
        }
    }

    public byte[] getBytes(String key) throws CallProtocolException {
        try {
            return Base64.getDecoder().decode(get(key));
        } catch (IllegalArgumentException e) {
            throw new CallProtocolException(type + " has malformed base64 in " + key);
        }
    }

    public static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + body.length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeString(out, type);
            out.writeShort(fields.size());
            for (Map.Entry<String, String> e : fields.entrySet()) {
                writeString(out, e.getKey());
                writeString(out, e.getValue());
            }
            out.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xFFFF) throw new IllegalArgumentException("field longer than 65535 bytes");
        out.writeShort(b.length);
        out.write(b);
    }

    public static WireMessage decode(byte[] encoded) throws CallProtocolException {
        ByteBuffer in = ByteBuffer.wrap(encoded);
        try {
            String type = readString(in);
            if (type.isEmpty()) throw new CallProtocolException("message without a type");
            int count = Short.toUnsignedInt(in.getShort());
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String key = readString(in);
                // A second value for a key would vanish here, and the message would not be the bytes sent.
                if (fields.put(key, readString(in)) != null) throw new CallProtocolException(type + " repeats field " + key);
            }
            byte[] body = new byte[in.remaining()];
            in.get(body);
            return new WireMessage(type, fields, body);
        } catch (BufferUnderflowException e) {
            throw new CallProtocolException("truncated message");
        }
    }

    private static String readString(ByteBuffer in) throws CallProtocolException {
        int len = Short.toUnsignedInt(in.getShort());
        if (len > in.remaining()) throw new CallProtocolException("truncated message");
        ByteBuffer slice = in.slice(in.position(), len);
        in.position(in.position() + len);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(slice)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CallProtocolException("message is not valid UTF-8");
        }
    }

    @Override
    public String toString() {
        return type + fields + (body.length > 0 ? " +" + body.length + " bytes" : "");
    }
}
