package connectivity.http.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * One server key and chain that can be swapped while the server runs: each new handshake asks for
 * the current pair, handshakes already done keep the one they used. So a renewed certificate takes
 * effect without a restart and without dropping a connection.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "server";

    private record Pair(PrivateKey key, X509Certificate[] chain) {}

    private volatile Pair current;

    ReloadingKeyManager(PrivateKey key, List<X509Certificate> chain) {
        set(key, chain);
    }

    void set(PrivateKey key, List<X509Certificate> chain) {
        current = new Pair(key, chain.toArray(X509Certificate[]::new));
    }

    X509Certificate leaf() {
        return current.chain()[0];
    }

    /** The JDK asks per signature scheme ("EC", "RSA", or TLS 1.2's "EC_EC"...): answer only for our key's kind. */
    private String aliasFor(String keyType) {
        String algorithm = current.key().getAlgorithm();
        return keyType.equals(algorithm) || keyType.startsWith(algorithm + "_") ? ALIAS : null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String a = aliasFor(keyType);
        return a == null ? null : new String[] {a};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? current.chain().clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? current.key() : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
