package connectivity.http.tls;

import javax.net.ssl.SSLException;

/** A TLS handshake that failed, with one line for the user: which check refused the server, or what broke. */
public final class TlsFailureException extends SSLException {
    public TlsFailureException(String line, Throwable cause) {
        super(line, cause);
    }

    /** The line of our own trust check if it refused the certificate, else the JDK's words. */
    static TlsFailureException from(SSLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ExplainingTrustManager.Rejected r) return new TlsFailureException(r.getMessage(), e);
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (msg.contains("Unsupported or unrecognized SSL message")) msg += " (is the server speaking plain HTTP?)";
        return new TlsFailureException("TLS handshake failed: " + msg, e);
    }
}
