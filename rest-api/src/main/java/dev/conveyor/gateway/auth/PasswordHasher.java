package dev.conveyor.gateway.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import dev.conveyor.gateway.support.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** bcrypt hashing; it costs tens of milliseconds of CPU on purpose, so it always runs on the worker pool. */
@ApplicationScoped
public class PasswordHasher {

    /** bcrypt reads at most 72 bytes; longer passwords (up to 128 characters are allowed) are truncated. */
    private static final BCrypt.Hasher HASHER =
            BCrypt.with(BCrypt.Version.VERSION_2B, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2B));
    private static final BCrypt.Verifyer VERIFIER =
            BCrypt.verifyer(BCrypt.Version.VERSION_2B, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2B));

    private final int cost;
    private volatile String decoy;

    public PasswordHasher(@ConfigProperty(name = "conveyor.password.bcrypt-cost", defaultValue = "12") int cost) {
        this.cost = Math.max(10, cost);
    }

    public Uni<String> hash(String password) {
        return Blocking.offload(() -> hashNow(password));
    }

    /**
     * Checks a password; with no stored hash (unknown user) it checks against a decoy so both cases take the
     * same time and an attacker cannot probe which emails exist.
     */
    public Uni<Boolean> matches(String password, String storedHash) {
        return Blocking.offload(() -> {
            String hash = storedHash != null ? storedHash : decoy();
            boolean verified = VERIFIER.verify(bytes(password), bytes(hash)).verified;
            return verified && storedHash != null;
        });
    }

    private String hashNow(String password) {
        return new String(HASHER.hash(cost, bytes(password)), StandardCharsets.UTF_8);
    }

    private String decoy() {
        if (decoy == null) {
            decoy = hashNow(UUID.randomUUID().toString());
        }
        return decoy;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
