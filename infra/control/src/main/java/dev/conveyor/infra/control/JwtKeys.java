package dev.conveyor.infra.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A JWT signing key pair as PEM files, made fresh for tests and the local run so no key is ever committed.
 *
 * @param privateKey PKCS#8 private key (the gateway signs tokens with it)
 * @param publicKey  X.509 public key (the gateway verifies tokens with it)
 */
public record JwtKeys(Path privateKey, Path publicKey) {

    /** Reuses the pair in {@code dir} if there is one (tokens survive a restart), else generates a 2048-bit RSA pair. */
    public static JwtKeys inDirectory(Path dir) {
        JwtKeys keys = new JwtKeys(dir.resolve("jwt-private.pem"), dir.resolve("jwt-public.pem"));
        if (Files.exists(keys.privateKey) && Files.exists(keys.publicKey)) {
            return keys;
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.createDirectories(dir);
            Files.writeString(keys.privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(keys.publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            return keys;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
