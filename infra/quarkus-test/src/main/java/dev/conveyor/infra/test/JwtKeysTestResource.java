package dev.conveyor.infra.test;

import dev.conveyor.infra.control.JwtKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A fresh RSA key pair for signing and verifying JWTs: tests never use a committed key. */
public class JwtKeysTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        JwtKeys keys = SharedInfrastructure.jwtKeys();
        return Map.of(
                "mp.jwt.verify.publickey.location", keys.publicKey().toString(),
                "smallrye.jwt.sign.key.location", keys.privateKey().toString(),
                "JWT_PUBLIC_KEY_LOCATION", keys.publicKey().toString(),
                "JWT_PRIVATE_KEY_LOCATION", keys.privateKey().toString());
    }

    @Override
    public void stop() {
        // Nothing to stop: the keys are files under target/.
    }
}
