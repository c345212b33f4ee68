package connectivity.call.crypto;

import connectivity.net.support.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/** A user's long-term Ed25519 key pair, made on first run and kept (0600) in the config directory. */
public final class Identity {
    public static final String FILE_NAME = "identity.key";
    private static final String HEADER = "conn-identity-v1";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private Identity(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    public static Identity generate() {
        try {
            KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return new Identity(kp.getPrivate(), kp.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK lacks Ed25519", e);
        }
    }

    /** Loads the identity from {@code dir}, creating and saving a new one if there is none yet. */
    public static Identity loadOrCreate(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        if (Files.exists(file)) return load(file);
        Identity fresh = generate();
        String text = HEADER + "\n"
                + Base64.getEncoder().encodeToString(fresh.privateKey.getEncoded()) + "\n"
                + Base64.getEncoder().encodeToString(fresh.publicKey.getEncoded()) + "\n";
        AtomicFiles.write(file, text.getBytes(StandardCharsets.US_ASCII), AtomicFiles.Access.PRIVATE);
        return fresh;
    }

    static Identity load(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        if (lines.size() < 3 || !lines.get(0).equals(HEADER)) throw new IOException("not an identity file: " + file);
        try {
            KeyFactory kf = KeyFactory.getInstance("Ed25519");
            PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines.get(1))));
            PublicKey pub = kf.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(lines.get(2))));
            return new Identity(priv, pub);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("corrupt identity file: " + file);
        }
    }

    public byte[] publicKeyBytes() {
        return publicKey.getEncoded();
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public byte[] sign(byte[]... parts) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            for (byte[] p : parts) s.update(p);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean verify(PublicKey key, byte[] signature, byte[]... parts) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            for (byte[] p : parts) s.update(p);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
