package connectivity.http.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's trust manager, asked in two steps so that a refusal says which check failed: first the
 * chain alone (validity dates, a path to a trusted CA), then the chain with the host name. Refusals
 * are {@link Rejected} exceptions carrying the user's one line; the handshake wraps them and
 * {@link TlsFailureException#from} finds them again.
 */
final class ExplainingTrustManager extends X509ExtendedTrustManager {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /** A certificate refused, with the line the user reads. */
    static final class Rejected extends CertificateException {
        Rejected(String line, Throwable cause) {
            super(line, cause);
        }
    }

    private final X509ExtendedTrustManager jdk;

    ExplainingTrustManager(X509ExtendedTrustManager jdk) {
        this.jdk = jdk;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkChain(chain, authType);
        try {
            jdk.checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            String host = socket instanceof javax.net.ssl.SSLSocket s && s.getHandshakeSession() != null
                    ? s.getHandshakeSession().getPeerHost() : "this host";
            throw new Rejected("host name does not match: the certificate is for " + names(chain[0]) + ", not " + host, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkChain(chain, authType);
        jdk.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checkChain(chain, authType);
    }

    /** Dates first (the JDK skips them for a certificate that is itself trusted), then the path. */
    private void checkChain(X509Certificate[] chain, String authType) throws CertificateException {
        X509Certificate leaf = chain[0];
        String subject = leaf.getSubjectX500Principal().getName();
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException e) {
            throw new Rejected("certificate not trusted: " + subject + " expired on " + DATE.format(leaf.getNotAfter().toInstant()), e);
        } catch (CertificateNotYetValidException e) {
            throw new Rejected("certificate not trusted: " + subject + " is not valid before "
                    + DATE.format(leaf.getNotBefore().toInstant()), e);
        }
        try {
            jdk.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            String issuer = chain[chain.length - 1].getIssuerX500Principal().getName();
            String why = causeOfKind(e, CertificateExpiredException.class)
                    ? "a certificate in its chain has expired"
                    : "no trusted authority issued it (issuer " + issuer + ")";
            throw new Rejected("certificate not trusted: " + subject + ": " + why, e);
        }
    }

    private static boolean causeOfKind(Throwable e, Class<? extends Throwable> kind) {
        for (Throwable t = e; t != null; t = t.getCause()) if (kind.isInstance(t)) return true;
        return false;
    }

    /** The certificate's DNS and IP names, or its subject when it has none. */
    static String names(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            if (cert.getSubjectAlternativeNames() != null) {
                for (List<?> entry : cert.getSubjectAlternativeNames()) {
                    int type = (Integer) entry.get(0);
                    if (type == 2 || type == 7) names.add(String.valueOf(entry.get(1)));
                }
            }
        } catch (CertificateParsingException e) {
            // fall back to the subject
        }
        return names.isEmpty() ? cert.getSubjectX500Principal().getName() : String.join(", ", names);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        jdk.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        jdk.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        jdk.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return jdk.getAcceptedIssuers();
    }
}
