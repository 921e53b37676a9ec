package dev.conveyor.gateway.auth;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.Config;

/**
 * Keys are never committed, so their locations have no default. Without the verification key smallrye-jwt
 * already refuses to start ("Failed to load config value ... mp.jwt.verify.publickey.location"); without the
 * signing key the gateway would start and fail every login, so refuse to start with a message saying what to set.
 * (Dev mode passes: smallrye-jwt then generates an in-memory pair, given inline.)
 */
@ApplicationScoped
public class JwtKeysCheck {

    void check(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE - 1) StartupEvent event, Config config) {
        if (absent(config, "smallrye.jwt.sign.key.location") && absent(config, "smallrye.jwt.sign.key")) {
            throw new IllegalStateException("Missing JWT signing key: set JWT_PRIVATE_KEY_LOCATION to the PEM private key "
                    + "that signs access tokens");
        }
    }

    private static boolean absent(Config config, String property) {
        return config.getOptionalValue(property, String.class).filter(value -> !value.isBlank()).isEmpty();
    }
}
