package dev.conveyor.infra.test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A MongoDB wire-protocol server (in memory): no change streams, no multi-document transactions. */
public class MongoTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String uri = SharedInfrastructure.mongo().endpoint("uri");
        return Map.of("quarkus.mongodb.connection-string", uri, "MONGODB_URI", uri);
    }

    @Override
    public void stop() {
        // Shared by every test of the JVM: stopped when the JVM exits.
    }
}
