package connectivity.call.crypto;

import connectivity.call.wire.CallProtocolException;
import connectivity.call.wire.Frames;
import connectivity.call.wire.HandshakeMessage.Hello;
import connectivity.call.wire.HandshakeMessage.InitiatorHello;
import connectivity.call.wire.HandshakeMessage.InitiatorSignature;
import connectivity.call.wire.HandshakeMessage.ResponderHello;
import connectivity.call.wire.HandshakeMessage.ResponderSignature;
import connectivity.call.wire.MessageChannel;
import connectivity.call.wire.ProtocolCodec;
import connectivity.net.Connection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Arrays;
import javax.crypto.KeyAgreement;

/**
 * The call handshake. Both sides send an ephemeral X25519 key with their Ed25519 identity; each
 * signs the hash of both hellos, which binds the ephemeral keys to identities the rendezvous vouched
 * for, so a relay or anyone on the path can neither read nor substitute keys. HKDF over the shared
 * secret (salted with the transcript hash) gives one AES-256 key per direction.
 *
 * <pre>
 * initiator -> InitiatorHello {call, name, key, ephemeral, path}
 * responder -> ResponderHello {call, name, key, ephemeral}, ResponderSignature
 * initiator -> InitiatorSignature
 * </pre>
 */
public final class ChannelHandshake {
    private static final byte[] LABEL = "conn-call-v1".getBytes(StandardCharsets.US_ASCII);

    private ChannelHandshake() {}

    /** What the responder learns: the secure channel and the path the initiator says it chose. */
    public record Result(SecureChannel channel, String path) {}

    public static SecureChannel initiate(Connection c, Identity me, String myName, byte[] expectedPeerKey,
            String callId, String path, Duration timeout) throws IOException {
        Duration before = c.readTimeout();
        c.readTimeout(timeout);
        MessageChannel plain = new MessageChannel(c, Frames.MAX_CONTROL);
        KeyPair eph = ephemeral();
        InitiatorHello helloI = new InitiatorHello(callId, myName, me.publicKeyBytes(), eph.getPublic().getEncoded(), path);
        plain.send(helloI);
        ResponderHello helloR = plain.expect(ProtocolCodec::handshake, ResponderHello.class);
        checkPeer(helloR, callId, expectedPeerKey);
        byte[] th = transcriptHash(helloI, helloR);
        ResponderSignature sigR = plain.expect(ProtocolCodec::handshake, ResponderSignature.class);
        if (!Identity.verify(Keys.ed25519(expectedPeerKey), sigR.signature(), LABEL, role("responder"), th)) {
            throw new AuthenticationFailedException("handshake signature from the callee does not verify");
        }
        plain.send(new InitiatorSignature(me.sign(LABEL, role("initiator"), th)));
        c.readTimeout(before);
        byte[][] keys = deriveKeys(eph, Keys.x25519(helloR.ephemeral()), th);
        return new SecureChannel(c, keys[0], keys[1]);
    }

    public static Result respond(Connection c, Identity me, String myName, byte[] expectedPeerKey, String callId,
            Duration timeout) throws IOException {
        Duration before = c.readTimeout();
        c.readTimeout(timeout);
        MessageChannel plain = new MessageChannel(c, Frames.MAX_CONTROL);
        InitiatorHello helloI = plain.expect(ProtocolCodec::handshake, InitiatorHello.class);
        checkPeer(helloI, callId, expectedPeerKey);
        KeyPair eph = ephemeral();
        ResponderHello helloR = new ResponderHello(callId, myName, me.publicKeyBytes(), eph.getPublic().getEncoded());
        plain.send(helloR);
        byte[] th = transcriptHash(helloI, helloR);
        plain.send(new ResponderSignature(me.sign(LABEL, role("responder"), th)));
        InitiatorSignature sigI = plain.expect(ProtocolCodec::handshake, InitiatorSignature.class);
        if (!Identity.verify(Keys.ed25519(expectedPeerKey), sigI.signature(), LABEL, role("initiator"), th)) {
            throw new AuthenticationFailedException("handshake signature from the caller does not verify");
        }
        c.readTimeout(before);
        byte[][] keys = deriveKeys(eph, Keys.x25519(helloI.ephemeral()), th);
        return new Result(new SecureChannel(c, keys[1], keys[0]), helloI.path());
    }

    private static void checkPeer(Hello hello, String callId, byte[] expectedPeerKey) throws IOException {
        if (!hello.call().equals(callId)) throw new CallProtocolException("handshake for another call");
        if (!Arrays.equals(hello.key(), expectedPeerKey)) {
            throw new AuthenticationFailedException("peer's identity key is not the one the rendezvous vouched for");
        }
    }

    private static byte[] role(String r) {
        return r.getBytes(StandardCharsets.US_ASCII);
    }

    private static KeyPair ephemeral() {
        try {
            return KeyPairGenerator.getInstance("X25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK lacks X25519", e);
        }
    }

    /** Over the hellos as the codec writes them, which (the codec being canonical) is their bytes on the wire. */
    static byte[] transcriptHash(InitiatorHello helloI, ResponderHello helloR) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(LABEL);
            byte[] a = ProtocolCodec.encode(helloI).encode(), b = ProtocolCodec.encode(helloR).encode();
            d.update(Frames.header(a.length));
            d.update(a);
            d.update(Frames.header(b.length));
            d.update(b);
            return d.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Returns {initiator-to-responder key, responder-to-initiator key}. */
    private static byte[][] deriveKeys(KeyPair mine, PublicKey theirs, byte[] th) throws IOException {
        try {
            KeyAgreement ka = KeyAgreement.getInstance("X25519");
            ka.init(mine.getPrivate());
            ka.doPhase(theirs, true);
            byte[] shared = ka.generateSecret();
            byte[] prk = Hkdf.extract(th, shared);
            return new byte[][] {
                Hkdf.expand(prk, "conn-call i->r".getBytes(StandardCharsets.US_ASCII), 32),
                Hkdf.expand(prk, "conn-call r->i".getBytes(StandardCharsets.US_ASCII), 32)
            };
        } catch (GeneralSecurityException e) {
            throw new AuthenticationFailedException("key agreement failed: " + e.getMessage());
        }
    }
}
