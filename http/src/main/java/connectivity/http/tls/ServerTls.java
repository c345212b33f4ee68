package connectivity.http.tls;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A server's TLS side: its certificate (reloadable from the PEM files it came from), TLS 1.3 and 1.2
 * only, and the handshake deadline. {@link #handshake} turns an accepted socket into a server-mode
 * {@link SSLSocket}, under a deadline that is the caller's to keep.
 */
public final class ServerTls {
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final ReloadingKeyManager keys;
    private final SSLSocketFactory factory;
    private final Path chainFile;
    private final Path keyFile;
    private final Duration handshakeTimeout;

    private ServerTls(ReloadingKeyManager keys, SSLSocketFactory factory, Path chainFile, Path keyFile, Duration handshakeTimeout) {
        this.keys = keys;
        this.factory = factory;
        this.chainFile = chainFile;
        this.keyFile = keyFile;
        this.handshakeTimeout = handshakeTimeout;
    }

    /** From a PEM chain (leaf first) and a PEM private key; {@link #reload} re-reads both files. */
    public static ServerTls fromPemFiles(Path chain, Path key) throws TlsConfigException {
        Loaded loaded = load(chain, key);
        return create(new ReloadingKeyManager(loaded.key(), loaded.chain()), chain, key);
    }

    /** From a key and chain held in memory (e.g. {@link Certificates#localhost()}); nothing to reload. */
    public static ServerTls of(Certificates.Issued issued) {
        try {
            return create(new ReloadingKeyManager(issued.key(), issued.chain()), null, null);
        } catch (TlsConfigException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static ServerTls create(ReloadingKeyManager keys, Path chain, Path key) throws TlsConfigException {
        try {
            X25519Provider.install(); // the key share of nearly every handshake, at 2.5 times the JDK's speed
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keys}, null, null);
            return new ServerTls(keys, context.getSocketFactory(), chain, key, DEFAULT_HANDSHAKE_TIMEOUT);
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException("cannot set up TLS: " + e.getMessage());
        }
    }

    /** A copy whose handshakes must finish within {@code timeout} (default 10 s). */
    public ServerTls withHandshakeTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("handshake timeout must be positive");
        return new ServerTls(keys, factory, chainFile, keyFile, Objects.requireNonNull(timeout));
    }

    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** The certificate new handshakes present. */
    public X509Certificate certificate() {
        return keys.leaf();
    }

    /** Whether the certificate came from files that {@link #reload} can re-read. */
    public boolean reloadable() {
        return chainFile != null;
    }

    /**
     * Re-reads the PEM files; new handshakes use the new certificate, open connections carry on. On a
     * bad file the old certificate stays and the exception says why.
     */
    public X509Certificate reload() throws TlsConfigException {
        if (!reloadable()) throw new TlsConfigException("this certificate was not loaded from files");
        Loaded loaded = load(chainFile, keyFile);
        keys.set(loaded.key(), loaded.chain());
        return loaded.chain().get(0);
    }

    /**
     * Layers a server-mode TLS socket over an accepted one, offering these ALPN protocols in the
     * server's order of preference, and runs the handshake. Closing the result closes {@code plain}. The
     * caller bounds the handshake: closing {@code plain} from another thread ends it. The TLS socket reads {@code plain} through a buffer and
     * sends each handshake flight in one write ({@link BufferedSocket}).
     */
    public SSLSocket handshake(Socket plain, List<String> applicationProtocols) throws IOException {
        BufferedSocket under = new BufferedSocket(plain);
        SSLSocket ssl = (SSLSocket) factory.createSocket(under, null, true);
        ssl.setUseClientMode(false);
        SSLParameters p = ssl.getSSLParameters();
        p.setProtocols(PROTOCOLS);
        p.setApplicationProtocols(applicationProtocols.toArray(String[]::new));
        ssl.setSSLParameters(p);
        ssl.startHandshake();
        under.handshakeDone();
        return ssl;
    }

    private record Loaded(PrivateKey key, List<X509Certificate> chain) {}

    private static Loaded load(Path chain, Path key) throws TlsConfigException {
        List<X509Certificate> certs = PemFiles.readChain(chain);
        PrivateKey privateKey = PemFiles.readKey(key);
        if (!matches(privateKey, certs.get(0))) {
            throw new TlsConfigException(key + ": the private key does not belong to the first certificate in " + chain);
        }
        return new Loaded(privateKey, certs);
    }

    /** Signs and verifies a few bytes: the one check that works the same for RSA and EC keys. */
    private static boolean matches(PrivateKey key, X509Certificate cert) {
        String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
        try {
            java.security.Signature s = java.security.Signature.getInstance(algorithm);
            s.initSign(key);
            byte[] probe = "connectivity".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            s.update(probe);
            byte[] signature = s.sign();
            java.security.Signature v = java.security.Signature.getInstance(algorithm);
            v.initVerify(cert.getPublicKey());
            v.update(probe);
            return v.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
