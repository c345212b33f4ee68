package connectivity.http.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes X.509 certificates with BouncyCastle's builder: the throwaway one {@code --tls-self-signed}
 * serves, and the small CAs, expired and wrong-name certificates that tests need. EC P-256 keys
 * (quick to generate, accepted by every TLS 1.2/1.3 client).
 */
public final class Certificates {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Certificates() {}

    /** A key and its certificate chain, leaf first. */
    public record Issued(PrivateKey key, List<X509Certificate> chain) {
        public X509Certificate leaf() {
            return chain.get(0);
        }
    }

    /** A self-signed certificate for these names (host names and IP literals), valid from now for {@code validity}. */
    public static Issued selfSigned(List<String> names, Duration validity) {
        Instant now = Instant.now();
        return issue(null, names, now.minus(Duration.ofMinutes(5)), now.plus(validity), false);
    }

    /** The throwaway server certificate of {@code --tls-self-signed}: localhost and 127.0.0.1 (and ::1), 30 days. */
    public static Issued localhost() {
        return selfSigned(List.of("localhost", "127.0.0.1", "::1"), Duration.ofDays(30));
    }

    /** A CA certificate (self-signed, may sign others). */
    public static Issued authority(String name, Duration validity) {
        Instant now = Instant.now();
        return issue(null, List.of(name), now.minus(Duration.ofMinutes(5)), now.plus(validity), true);
    }

    /**
     * A certificate for {@code names} valid from {@code notBefore} to {@code notAfter}, signed by
     * {@code issuer} (null: self-signed). The chain returned is the leaf followed by the issuer's chain.
     */
    public static Issued issue(Issued issuer, List<String> names, Instant notBefore, Instant notAfter, boolean ca) {
        try {
            KeyPair keys = newKeyPair();
            X500Name subject = new X500Name("CN=" + names.get(0).replace(",", "\\,"));
            X500Name issuerName = issuer == null ? subject : new X500Name(issuer.leaf().getSubjectX500Principal().getName());
            PrivateKey signingKey = issuer == null ? keys.getPrivate() : issuer.key();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName,
                    new BigInteger(64, RANDOM).add(BigInteger.ONE), Date.from(notBefore), Date.from(notAfter), subject,
                    keys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (ca) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                b.addExtension(Extension.subjectAlternativeName, false, alternativeNames(names));
            }
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signingKey)));
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(cert);
            if (issuer != null) chain.addAll(issuer.chain());
            return new Issued(keys.getPrivate(), List.copyOf(chain));
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot make a certificate: " + e.getMessage(), e);
        }
    }

    /** The SHA-256 fingerprint as browsers and {@code openssl x509 -fingerprint -sha256} show it (AB:CD:...). */
    public static String sha256Fingerprint(X509Certificate cert) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static GeneralNames alternativeNames(List<String> names) {
        GeneralName[] out = new GeneralName[names.size()];
        for (int i = 0; i < out.length; i++) {
            String n = names.get(i);
            out[i] = new GeneralName(isIpLiteral(n) ? GeneralName.iPAddress : GeneralName.dNSName, n);
        }
        return new GeneralNames(out);
    }

    static boolean isIpLiteral(String name) {
        if (name.contains(":")) return true;
        return name.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return g.generateKeyPair();
    }
}
