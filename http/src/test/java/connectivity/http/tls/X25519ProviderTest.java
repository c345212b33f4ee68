package connectivity.http.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.util.HexFormat;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class X25519ProviderTest {
    private static final HexFormat HEX = HexFormat.of();

    @BeforeAll
    static void install() {
        X25519Provider.install();
    }

    /** The u-coordinate as the JDK's TLS decodes a key share: the little-endian bytes as a number. */
    private static PublicKey publicKey(String littleEndianHex) throws Exception {
        byte[] le = HEX.parseHex(littleEndianHex);
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) be[i] = le[le.length - 1 - i];
        return KeyFactory.getInstance("XDH").generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, be)));
    }

    @Test
    void agreesWithRfc7748Section61() throws Exception {
        // Bob's public key and Alice's private key from RFC 7748 section 6.1, and their shared secret.
        PublicKey bob = publicKey("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
        XECPrivateKey alice = new XECPrivateKey() {
            public java.util.Optional<byte[]> getScalar() {
                return java.util.Optional.of(HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
            }

            public java.security.spec.AlgorithmParameterSpec getParams() {
                return NamedParameterSpec.X25519;
            }

            public String getAlgorithm() {
                return "XDH";
            }

            public String getFormat() {
                return null;
            }

            public byte[] getEncoded() {
                return null;
            }
        };
        KeyAgreement ka = KeyAgreement.getInstance("XDH");
        ka.init(alice);
        ka.doPhase(bob, true);
        assertThat(ka.getProvider().getName()).isEqualTo(X25519Provider.NAME);
        assertThat(HEX.formatHex(ka.generateSecret())).isEqualTo("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
    }

    @Test
    void ourKeysAgreeWithTheJdksImplementation() throws Exception {
        KeyPairGenerator ours = KeyPairGenerator.getInstance("XDH");
        ours.initialize(NamedParameterSpec.X25519);
        KeyPair a = ours.generateKeyPair();
        assertThat(ours.getProvider().getName()).isEqualTo(X25519Provider.NAME);
        assertThat(a.getPublic()).isInstanceOf(XECPublicKey.class);
        KeyPairGenerator jdk = KeyPairGenerator.getInstance("XDH", "SunEC");
        jdk.initialize(NamedParameterSpec.X25519);
        KeyPair b = jdk.generateKeyPair();

        KeyAgreement mine = KeyAgreement.getInstance("XDH");
        mine.init(a.getPrivate());
        mine.doPhase(publicKey(littleEndian(((XECPublicKey) b.getPublic()).getU())), true);
        KeyAgreement theirs = KeyAgreement.getInstance("XDH", "SunEC");
        theirs.init(b.getPrivate());
        theirs.doPhase(KeyFactory.getInstance("XDH", "SunEC").generatePublic(
                new XECPublicKeySpec(NamedParameterSpec.X25519, ((XECPublicKey) a.getPublic()).getU())), true);
        assertThat(mine.generateSecret()).isEqualTo(theirs.generateSecret());
    }

    @Test
    void refusesAPointOfSmallOrder() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("XDH");
        g.initialize(NamedParameterSpec.X25519);
        KeyAgreement ka = KeyAgreement.getInstance("XDH");
        ka.init(g.generateKeyPair().getPrivate());
        PublicKey zero = publicKey("0000000000000000000000000000000000000000000000000000000000000000");
        assertThatThrownBy(() -> ka.doPhase(zero, true)).isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void otherCurvesFallOverToTheJdk() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("XDH");
        g.initialize(NamedParameterSpec.X448);
        KeyPair p = g.generateKeyPair();
        assertThat(((NamedParameterSpec) ((XECPublicKey) p.getPublic()).getParams()).getName()).isEqualTo("X448");
        KeyAgreement ka = KeyAgreement.getInstance("XDH");
        ka.init(p.getPrivate());
        assertThat(ka.getProvider().getName()).isEqualTo("SunEC");
    }

    /** As the call module uses X25519: no initialize, keys exchanged in their X.509 encoding. */
    @Test
    void keysWithoutInitialiseAndInX509EncodingWork() throws Exception {
        KeyPair a = KeyPairGenerator.getInstance("X25519").generateKeyPair();
        KeyPair b = KeyPairGenerator.getInstance("X25519").generateKeyPair();
        KeyFactory f = KeyFactory.getInstance("X25519");
        PublicKey aSeenByB = f.generatePublic(new java.security.spec.X509EncodedKeySpec(a.getPublic().getEncoded()));
        PublicKey bSeenByA = f.generatePublic(new java.security.spec.X509EncodedKeySpec(b.getPublic().getEncoded()));
        assertThat(((XECPublicKey) aSeenByB).getU()).isEqualTo(((XECPublicKey) a.getPublic()).getU());
        KeyAgreement ka = KeyAgreement.getInstance("X25519");
        ka.init(a.getPrivate());
        ka.doPhase(bSeenByA, true);
        KeyAgreement kb = KeyAgreement.getInstance("X25519");
        kb.init(b.getPrivate());
        kb.doPhase(aSeenByB, true);
        assertThat(ka.generateSecret()).isEqualTo(kb.generateSecret());
    }

    private static String littleEndian(BigInteger u) {
        byte[] be = u.toByteArray();
        byte[] le = new byte[32];
        for (int i = 0; i < 32 && i < be.length; i++) le[i] = be[be.length - 1 - i];
        return HEX.formatHex(le);
    }
}
