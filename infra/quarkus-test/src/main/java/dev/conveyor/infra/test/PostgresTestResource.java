package dev.conveyor.infra.test;

import dev.conveyor.infra.control.EmbeddedServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A real PostgreSQL server with an empty {@code conveyor} database. */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        EmbeddedServer postgres = SharedInfrastructure.postgres();
        String port = postgres.endpoint("port");
        String database = postgres.endpoint("database");
        String user = postgres.endpoint("user");
        String password = postgres.endpoint("password");
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + port + "/" + database,
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + port + "/" + database,
                "quarkus.datasource.username", user,
                "quarkus.datasource.password", password,
                "POSTGRES_HOST", "127.0.0.1",
                "POSTGRES_PORT", port,
                "POSTGRES_DB", database,
                "POSTGRES_USER", user,
                "POSTGRES_PASSWORD", password);
    }

    @Override
    public void stop() {
        // Shared by every test of the JVM: stopped when the JVM exits.
    }
}
