package connectivity.http.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads the PEM files a TLS server is configured with: a certificate chain (leaf first, as in a
 * Let's Encrypt fullchain.pem) and an unencrypted private key (PKCS#8 "PRIVATE KEY", or the older
 * "RSA/EC PRIVATE KEY" forms). BouncyCastle's PEMParser does the decoding. Failures are
 * {@link TlsConfigException}s whose message names the file and what is wrong with it.
 */
public final class PemFiles {
    private PemFiles() {}

    /** The certificates in {@code file}, in file order. */
    public static List<X509Certificate> readChain(Path file) throws TlsConfigException {
        List<X509Certificate> chain = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(r)) {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
                if (o instanceof X509CertificateHolder holder) chain.add(converter.getCertificate(holder));
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new TlsConfigException(file, describe(e));
        }
        if (chain.isEmpty()) throw new TlsConfigException(file, "no CERTIFICATE in PEM file");
        return List.copyOf(chain);
    }

    /** The first private key in {@code file}. */
    public static PrivateKey readKey(Path file) throws TlsConfigException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(r)) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
                if (o instanceof PrivateKeyInfo info) return converter.getPrivateKey(info);
                if (o instanceof PEMKeyPair pair) return converter.getKeyPair(pair).getPrivate();
                if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
                    throw new TlsConfigException(file, "the private key is encrypted; give an unencrypted key");
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new TlsConfigException(file, describe(e));
        }
        throw new TlsConfigException(file, "no PRIVATE KEY in PEM file");
    }

    /** One certificate as PEM text. */
    public static String toPem(Object certificateOrKey) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(text)) {
            w.writeObject(certificateOrKey);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static String describe(Exception e) {
        if (e instanceof NoSuchFileException) return "no such file";
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        String msg = e.getMessage();
        return "not a readable PEM file" + (msg == null || msg.isBlank() ? "" : " (" + msg + ")");
    }
}
