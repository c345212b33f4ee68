package connectivity.http.tls;

import connectivity.net.Connection;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A client's TLS side: whom it trusts (the JDK's trust store, the CAs of one PEM file like curl's
 * {@code --cacert}, or nobody checked at all) and the handshake that turns a dialed connection into a
 * TLS one. Chain and host name are checked as browsers do; a refusal becomes a
 * {@link TlsFailureException} whose message is one line ("certificate not trusted: ...",
 * "host name does not match: ...").
 */
public final class ClientTls {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SSLSocketFactory factory;
    private final boolean verify;

    private ClientTls(SSLSocketFactory factory, boolean verify) {
        this.factory = factory;
        this.verify = verify;
    }

    /** Trusts what the JDK trusts (its cacerts). Loaded once: every client shares it. */
    public static ClientTls systemDefault() {
        return SystemDefault.TLS;
    }

    private static final class SystemDefault {
        static final ClientTls TLS = load();

        private static ClientTls load() {
            try {
                return verifying(null);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK trust store cannot be used: " + e.getMessage(), e);
            }
        }
    }

    /** Trusts only the certificates in this PEM file (CAs, or a self-signed server certificate). */
    public static ClientTls trusting(Path pemFile) throws TlsConfigException {
        return trusting(pemFile, PemFiles.readChain(pemFile));
    }

    /** Trusts only these certificates. */
    public static ClientTls trusting(List<X509Certificate> anchors) {
        try {
            return trusting(null, anchors);
        } catch (TlsConfigException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static ClientTls trusting(Path file, List<X509Certificate> anchors) throws TlsConfigException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < anchors.size(); i++) store.setCertificateEntry("ca" + i, anchors.get(i));
            return verifying(store);
        } catch (GeneralSecurityException | IOException e) {
            String why = "cannot trust these certificates: " + e.getMessage();
            throw file == null ? new TlsConfigException(why) : new TlsConfigException(file, why);
        }
    }

    /** Checks nothing: any certificate for any name. For tests and for knowingly talking to a self-signed server. */
    public static ClientTls insecure() {
        return new ClientTls(context(new AcceptingTrustManager()), false);
    }

    private static ClientTls verifying(KeyStore anchors) throws GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(anchors);
        for (TrustManager tm : f.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) return new ClientTls(context(new ExplainingTrustManager(x)), true);
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    private static SSLSocketFactory context(TrustManager trust) {
        try {
            X25519Provider.install(); // the key share of nearly every handshake, at 2.5 times the JDK's speed
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(null, new TrustManager[] {trust}, null);
            return c.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** Whether certificates are checked (false for {@link #insecure()}). */
    public boolean verifies() {
        return verify;
    }

    /**
     * Runs the client handshake over {@code plain} for {@code host} (sent as SNI, checked against the
     * certificate), each read waiting at most {@code timeout}. Returns a connection over the TLS
     * socket; on failure closes {@code plain} and throws.
     */
    public Connection secure(Connection plain, String host, int port, Duration timeout) throws IOException {
        return secure(plain, host, port, timeout, List.of("http/1.1"));
    }

    /** As {@link #secure(Connection, String, int, Duration)}, offering these protocols by ALPN (e.g. h2, http/1.1). */
    public Connection secure(Connection plain, String host, int port, Duration timeout, List<String> alpn) throws IOException {
        try {
            SSLSocket ssl = (SSLSocket) factory.createSocket(plain.socket(), host, port, true);
            SSLParameters p = ssl.getSSLParameters();
            p.setProtocols(PROTOCOLS);
            p.setApplicationProtocols(alpn.toArray(String[]::new));
            if (verify) p.setEndpointIdentificationAlgorithm("HTTPS");
            ssl.setSSLParameters(p);
            ssl.setSoTimeout(Math.toIntExact(Math.max(1, timeout.toMillis())));
            ssl.startHandshake();
            return new Connection(ssl);
        } catch (SSLException e) {
            plain.close();
            throw TlsFailureException.from(e);
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    /** For {@link #insecure()}: every chain passes. */
    private static final class AcceptingTrustManager extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
