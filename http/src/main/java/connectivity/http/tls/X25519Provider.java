package connectivity.http.tls;

import java.math.BigInteger;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.Key;
import java.security.KeyFactorySpi;
import java.security.KeyPair;
import java.security.KeyPairGeneratorSpi;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Security;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.KeyAgreementSpi;
import javax.crypto.SecretKey;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * X25519 (RFC 7748) for the JDK's TLS, computed by BouncyCastle's {@code rfc7748.X25519}, which runs
 * about 2.5 times as fast as the JDK's own (a TLS 1.3 handshake does two X25519 multiplications, and
 * they were a third of our server's CPU per new connection). Only the three services the JDK's TLS asks
 * for ("XDH" key pair generator, key factory and key agreement), only for the X25519 curve: anything
 * else (X448, encoded key specs) is refused, and the JCA then falls over to the JDK's provider. The keys
 * implement the JDK's {@link XECPublicKey} and {@link XECPrivateKey}, which is all its TLS code sees.
 */
final class X25519Provider extends Provider {
    static final String NAME = "ConnectivityX25519";
    private static final int SIZE = 32;

    private X25519Provider() {
        super(NAME, "1.0", "X25519 key agreement for TLS, by BouncyCastle's rfc7748.X25519");
        for (String name : new String[] {"XDH", "X25519"}) {
            putService(new Service(this, "KeyPairGenerator", name, Generator.class.getName(), null, null) {
                @Override
                public Object newInstance(Object parameter) {
                    return new Generator();
                }
            });
            putService(new Service(this, "KeyFactory", name, Factory.class.getName(), null, null) {
                @Override
                public Object newInstance(Object parameter) {
                    return new Factory();
                }
            });
            putService(new Service(this, "KeyAgreement", name, Agreement.class.getName(), null, null) {
                @Override
                public Object newInstance(Object parameter) {
                    return new Agreement();
                }

                @Override
                public boolean supportsParameter(Object key) {
                    return key instanceof XECPrivateKey k && isX25519(k.getParams()) && k.getScalar().isPresent()
                            || key instanceof XECPublicKey p && isX25519(p.getParams());
                }
            });
        }
    }

    /**
     * Puts this provider just before SunEC (once per JVM), so the JDK's TLS uses it for every x25519 key
     * share; lookups answered by the providers before SunEC (SUN's digests, say) never pass through it.
     */
    static synchronized void install() {
        if (Security.getProvider(NAME) != null) return;
        Provider[] providers = Security.getProviders();
        int position = 1;
        for (int i = 0; i < providers.length; i++) {
            if (providers[i].getName().equals("SunEC")) {
                position = i + 1;
                break;
            }
        }
        Security.insertProviderAt(new X25519Provider(), position);
    }

    private static boolean isX25519(AlgorithmParameterSpec params) {
        return params instanceof NamedParameterSpec n && n.getName().equalsIgnoreCase("X25519");
    }

    /** The 32-byte little-endian u-coordinate of a public key, as RFC 7748 encodes it. */
    private static byte[] encodeU(BigInteger u) throws InvalidKeyException {
        if (u.signum() < 0 || u.bitLength() > 256) throw new InvalidKeyException("X25519 u-coordinate out of range");
        byte[] be = u.toByteArray();
        byte[] le = new byte[SIZE];
        for (int i = 0; i < SIZE && i < be.length; i++) le[i] = be[be.length - 1 - i];
        return le;
    }

    private static BigInteger decodeU(byte[] le) {
        byte[] be = new byte[SIZE];
        for (int i = 0; i < SIZE; i++) be[i] = le[SIZE - 1 - i];
        return new BigInteger(1, be);
    }

    private static final class PublicX25519 implements XECPublicKey {
        private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x03, 0x21, 0x00};
        private final byte[] u; // little-endian, as on the wire
        private final BigInteger value;

        PublicX25519(byte[] u) {
            this.u = u;
            this.value = decodeU(u);
        }

        @Override
        public BigInteger getU() {
            return value;
        }

        @Override
        public AlgorithmParameterSpec getParams() {
            return NamedParameterSpec.X25519;
        }

        @Override
        public String getAlgorithm() {
            return "XDH";
        }

        @Override
        public String getFormat() {
            return "X.509";
        }

        @Override
        public byte[] getEncoded() {
            byte[] out = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + SIZE);
            System.arraycopy(u, 0, out, X509_PREFIX.length, SIZE);
            return out;
        }
    }

    private static final class PrivateX25519 implements XECPrivateKey {
        private static final byte[] PKCS8_PREFIX = {0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20};
        private final byte[] k;

        PrivateX25519(byte[] k) {
            this.k = k;
        }

        @Override
        public Optional<byte[]> getScalar() {
            return Optional.of(k.clone());
        }

        @Override
        public AlgorithmParameterSpec getParams() {
            return NamedParameterSpec.X25519;
        }

        @Override
        public String getAlgorithm() {
            return "XDH";
        }

        @Override
        public String getFormat() {
            return "PKCS#8";
        }

        @Override
        public byte[] getEncoded() {
            byte[] out = Arrays.copyOf(PKCS8_PREFIX, PKCS8_PREFIX.length + SIZE);
            System.arraycopy(k, 0, out, PKCS8_PREFIX.length, SIZE);
            return out;
        }
    }

    public static final class Generator extends KeyPairGeneratorSpi {
        private SecureRandom random;

        @Override
        public void initialize(int keysize, SecureRandom random) {
            if (keysize != 255) throw new InvalidParameterException("only X25519 (255 bits) here");
            this.random = random;
        }

        @Override
        public void initialize(AlgorithmParameterSpec params, SecureRandom random) throws InvalidAlgorithmParameterException {
            if (!isX25519(params)) throw new InvalidAlgorithmParameterException("only X25519 here");
            this.random = random;
        }

        @Override
        public KeyPair generateKeyPair() {
            if (random == null) random = new SecureRandom();
            byte[] k = new byte[SIZE];
            X25519.generatePrivateKey(random, k);
            byte[] u = new byte[SIZE];
            X25519.generatePublicKey(k, 0, u, 0);
            return new KeyPair(new PublicX25519(u), new PrivateX25519(k));
        }
    }

    public static final class Factory extends KeyFactorySpi {
        @Override
        protected PublicKey engineGeneratePublic(KeySpec spec) throws InvalidKeySpecException {
            if (!(spec instanceof XECPublicKeySpec x) || !isX25519(x.getParams())) {
                throw new InvalidKeySpecException("only X25519 public key specs here");
            }
            try {
                return new PublicX25519(encodeU(x.getU()));
            } catch (InvalidKeyException e) {
                throw new InvalidKeySpecException(e.getMessage());
            }
        }

        @Override
        protected PrivateKey engineGeneratePrivate(KeySpec spec) throws InvalidKeySpecException {
            throw new InvalidKeySpecException("private keys are generated, not imported, here");
        }

        @Override
        protected <T extends KeySpec> T engineGetKeySpec(Key key, Class<T> spec) throws InvalidKeySpecException {
            if (key instanceof XECPublicKey p && isX25519(p.getParams()) && spec.isAssignableFrom(XECPublicKeySpec.class)) {
                return spec.cast(new XECPublicKeySpec(NamedParameterSpec.X25519, p.getU()));
            }
            throw new InvalidKeySpecException("only X25519 public keys as XECPublicKeySpec here");
        }

        @Override
        protected Key engineTranslateKey(Key key) throws InvalidKeyException {
            if (key instanceof PublicX25519 || key instanceof PrivateX25519) return key;
            if (key instanceof XECPublicKey p && isX25519(p.getParams())) return new PublicX25519(encodeU(p.getU()));
            throw new InvalidKeyException("only X25519 public keys here");
        }
    }

    public static final class Agreement extends KeyAgreementSpi {
        private byte[] k;
        private byte[] secret;

        @Override
        protected void engineInit(Key key, SecureRandom random) throws InvalidKeyException {
            if (!(key instanceof XECPrivateKey p) || !isX25519(p.getParams())) throw new InvalidKeyException("an X25519 private key expected");
            k = p.getScalar().orElseThrow(() -> new InvalidKeyException("the private key has no scalar"));
            if (k.length != SIZE) throw new InvalidKeyException("an X25519 scalar has 32 bytes");
            secret = null;
        }

        @Override
        protected void engineInit(Key key, AlgorithmParameterSpec params, SecureRandom random) throws InvalidKeyException, InvalidAlgorithmParameterException {
            if (params != null && !isX25519(params)) throw new InvalidAlgorithmParameterException("only X25519 here");
            engineInit(key, random);
        }

        @Override
        protected Key engineDoPhase(Key key, boolean lastPhase) throws InvalidKeyException {
            if (k == null) throw new IllegalStateException("not initialised");
            if (!lastPhase) throw new IllegalStateException("X25519 has one phase");
            if (!(key instanceof XECPublicKey p) || !isX25519(p.getParams())) throw new InvalidKeyException("an X25519 public key expected");
            byte[] u = p instanceof PublicX25519 mine ? mine.u : encodeU(p.getU());
            byte[] out = new byte[SIZE];
            // All zeros means a point of small order (RFC 7748 section 6.1, RFC 8446 section 7.4.2): refused.
            if (!X25519.calculateAgreement(k, 0, u, 0, out, 0)) throw new InvalidKeyException("Point has small order");
            secret = out;
            return null;
        }

        @Override
        protected byte[] engineGenerateSecret() {
            if (secret == null) throw new IllegalStateException("no phase done");
            byte[] s = secret;
            secret = null;
            return s;
        }

        @Override
        protected int engineGenerateSecret(byte[] sharedSecret, int offset) throws ShortBufferException {
            if (sharedSecret.length - offset < SIZE) throw new ShortBufferException("32 bytes needed");
            byte[] s = engineGenerateSecret();
            System.arraycopy(s, 0, sharedSecret, offset, SIZE);
            return SIZE;
        }

        @Override
        protected SecretKey engineGenerateSecret(String algorithm) {
            return new SecretKeySpec(engineGenerateSecret(), algorithm);
        }
    }
}
