package connectivity.call.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import connectivity.call.wire.HandshakeMessage;
import connectivity.call.wire.HandshakeMessage.InitiatorHello;
import connectivity.call.wire.HandshakeMessage.InitiatorSignature;
import connectivity.call.wire.HandshakeMessage.ResponderHello;
import connectivity.call.wire.HandshakeMessage.ResponderSignature;
import connectivity.call.wire.InCallMessage.Chat;
import connectivity.call.wire.ProtocolCodec;
import connectivity.call.wire.WireMessage;
import connectivity.net.Connection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ChannelHandshakeTest {
    static final Duration T = Duration.ofSeconds(5);
    final Identity alice = Identity.generate();
    final Identity bob = Identity.generate();

    /** A connected pair of sockets on 127.0.0.1. */
    static Connection[] pair() throws IOException {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Socket a = new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort());
            Socket b = ss.accept();
            return new Connection[] {new Connection(a), new Connection(b)};
        }
    }

    @Test
    void bothSidesAgreeOnKeysAndMessagesFlowBothWays() throws Exception {
        Connection[] c = pair();
        CompletableFuture<ChannelHandshake.Result> responder = CompletableFuture.supplyAsync(() -> {
            try {
                return ChannelHandshake.respond(c[1], bob, "bob", alice.publicKeyBytes(), "call1", T);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        SecureChannel a = ChannelHandshake.initiate(c[0], alice, "alice", bob.publicKeyBytes(), "call1", "relay", T);
        ChannelHandshake.Result r = responder.get(10, TimeUnit.SECONDS);
        assertThat(r.path()).isEqualTo("relay");
        a.send(ProtocolCodec.encode(new Chat("1", "hi")));
        assertThat(ProtocolCodec.inCall(r.channel().receive())).isEqualTo(new Chat("1", "hi"));
        r.channel().send(ProtocolCodec.encode(new Chat("2", "hello")));
        assertThat(ProtocolCodec.inCall(a.receive())).isEqualTo(new Chat("2", "hello"));
        a.close();
        r.channel().close();
    }

    @Test
    void aPeerWithAnotherKeyThanVouchedForIsRefused() throws Exception {
        Connection[] c = pair();
        Identity mallory = Identity.generate();
        CompletableFuture<Object> responder = CompletableFuture.supplyAsync(() -> {
            try {
                return ChannelHandshake.respond(c[1], mallory, "bob", alice.publicKeyBytes(), "call1", T);
            } catch (IOException e) {
                return e;
            }
        });
        assertThatThrownBy(() -> ChannelHandshake.initiate(c[0], alice, "alice", bob.publicKeyBytes(), "call1", "direct", T))
                .isInstanceOf(AuthenticationFailedException.class).hasMessageContaining("not the one the rendezvous vouched for");
        c[0].close();
        responder.get(10, TimeUnit.SECONDS);
        c[1].close();
    }

    @Test
    void aFlippedBitInASealedRecordEndsWithAuthenticationFailure() throws Exception {
        // ChannelHandshake through a man in the middle that forwards honestly, then tampers with one byte.
        Connection[] left = pair();   // alice <-> mitm
        Connection[] right = pair();  // mitm <-> bob
        CompletableFuture<ChannelHandshake.Result> responder = CompletableFuture.supplyAsync(() -> {
            try {
                return ChannelHandshake.respond(right[1], bob, "bob", alice.publicKeyBytes(), "c", T);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        Thread back = Thread.ofVirtual().start(() -> forward(right[0], left[1], -1));
        Thread ahead = Thread.ofVirtual().start(() -> forward(left[1], right[0], 0));
        SecureChannel a = ChannelHandshake.initiate(left[0], alice, "alice", bob.publicKeyBytes(), "c", "relay", T);
        SecureChannel b = responder.get(10, TimeUnit.SECONDS).channel();
        tamperNext = true;
        a.send(ProtocolCodec.encode(new Chat("1", "pay 100 to bob")));
        assertThatThrownBy(b::receive).isInstanceOf(AuthenticationFailedException.class)
                .hasMessage("message authentication failed");
        for (Connection x : new Connection[] {left[0], left[1], right[0], right[1]}) x.close();
        back.join(5000);
        ahead.join(5000);
    }

    volatile boolean tamperNext;

    /** Copies frames byte by byte; once {@code tamperNext} is set, flips a bit in the next frame's body. */
    private void forward(Connection from, Connection to, int unused) {
        try {
            var in = from.input();
            var out = to.output();
            while (true) {
                byte[] header = in.readNBytes(4);
                if (header.length < 4) return;
                int len = ((header[0] & 0xff) << 24) | ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8) | (header[3] & 0xff);
                byte[] body = in.readNBytes(len);
                if (tamperNext && unused == 0) body[body.length / 2] ^= 1;
                out.write(header);
                out.write(body);
                out.flush();
            }
        } catch (IOException ignored) {
            // test over
        }
    }

    // The handshake's bytes and transcript hash as ChannelHandshake built its messages with WireMessage.of
    // (at a1cd8de), before they became typed records: the records put exactly these bytes on the wire.
    static final String HELLO_I_HEX = "000748454c4c4f5f490005000463616c6c0002633100046e616d650005616c6963650002696400084151494442413d3d"
            + "0003657068000442515948000470617468000572656c6179";
    static final String HELLO_R_HEX = "000748454c4c4f5f520004000463616c6c0002633100046e616d650003626f620002696400084151494442413d3d"
            + "0003657068000442515948";
    static final String SIG_I_HEX = "00055349475f49000100037369670008435167484267553d";
    static final String SIG_R_HEX = "00055349475f52000100037369670008435167484267553d";
    static final String TRANSCRIPT_HEX = "3317e426c5b506b31acd60255eab8737d2f8ce493a3e3212a6c4ab9d1bceda71";
    static final byte[] KEY = {1, 2, 3, 4}, EPH = {5, 6, 7}, SIG = {9, 8, 7, 6, 5};

    static InitiatorHello helloI() {
        return new InitiatorHello("c1", "alice", KEY, EPH, "relay");
    }

    static ResponderHello helloR() {
        return new ResponderHello("c1", "bob", KEY, EPH);
    }

    @Test
    void handshakeBytesAreUnchanged() throws Exception {
        assertThat(hex(helloI())).isEqualTo(HELLO_I_HEX);
        assertThat(hex(helloR())).isEqualTo(HELLO_R_HEX);
        assertThat(hex(new InitiatorSignature(SIG))).isEqualTo(SIG_I_HEX);
        assertThat(hex(new ResponderSignature(SIG))).isEqualTo(SIG_R_HEX);
        for (String pinned : new String[] {HELLO_I_HEX, HELLO_R_HEX, SIG_I_HEX, SIG_R_HEX}) {
            WireMessage frame = WireMessage.decode(HexFormat.of().parseHex(pinned));
            assertThat(hex(ProtocolCodec.handshake(frame))).isEqualTo(pinned);
        }
    }

    @Test
    void transcriptHashIsUnchanged() {
        assertThat(HexFormat.of().formatHex(ChannelHandshake.transcriptHash(helloI(), helloR()))).isEqualTo(TRANSCRIPT_HEX);
    }

    private static String hex(HandshakeMessage m) {
        return HexFormat.of().formatHex(ProtocolCodec.encode(m).encode());
    }

    @Test
    void hkdfMatchesRfc5869TestCase1() throws Exception {
        HexFormat hex = HexFormat.of();
        byte[] ikm = hex.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        byte[] salt = hex.parseHex("000102030405060708090a0b0c");
        byte[] info = hex.parseHex("f0f1f2f3f4f5f6f7f8f9");
        byte[] okm = Hkdf.expand(Hkdf.extract(salt, ikm), info, 42);
        assertThat(hex.formatHex(okm)).isEqualTo(
                "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    @Test
    void identityIsCreatedOnceAndKeptPrivately(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Identity first = Identity.loadOrCreate(dir);
        Identity again = Identity.loadOrCreate(dir);
        assertThat(again.publicKeyBytes()).isEqualTo(first.publicKeyBytes());
        assertThat(java.nio.file.Files.getPosixFilePermissions(dir.resolve(Identity.FILE_NAME)))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        byte[] sig = again.sign("x".getBytes());
        assertThat(Identity.verify(first.publicKey(), sig, "x".getBytes())).isTrue();
        assertThat(Identity.verify(first.publicKey(), sig, "y".getBytes())).isFalse();
    }
}
