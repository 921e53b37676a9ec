package dev.conveyor.gateway.auth;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keys are never committed, so they have no default: without them the gateway could neither verify nor issue
 * tokens. Fail the start with a message that says what to set instead of failing every request later.
 */
@Startup
@ApplicationScoped
public class JwtKeysCheck {

    public JwtKeysCheck(@ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> publicKey,
                        @ConfigProperty(name = "smallrye.jwt.sign.key.location") Optional<String> privateKey) {
        List<String> missing = new ArrayList<>();
        if (publicKey.filter(location -> !location.isBlank()).isEmpty()) {
            missing.add("JWT_PUBLIC_KEY_LOCATION (PEM public key that verifies access tokens)");
        }
        if (privateKey.filter(location -> !location.isBlank()).isEmpty()) {
            missing.add("JWT_PRIVATE_KEY_LOCATION (PEM private key that signs access tokens)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Missing JWT key configuration: set " + String.join(" and ", missing));
        }
    }
}
