package dev.conveyor.infra.servers;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

/**
 * A real PostgreSQL server from the binaries packaged in a Maven artifact.
 * Arguments: {@code --port}, {@code --data-dir}, {@code --database}. A restart on the same data directory keeps the data.
 */
public final class PostgresServer {

    public static void main(String[] args) throws Exception {
        ServerMain main = ServerMain.parse(args);
        int port = main.port("port");
        Path dataDir = traversable(main.directory("data-dir"));
        String database = main.option("database", "conveyor");

        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDir.resolve("pgdata").toFile())
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(traversable(Files.createDirectories(dataDir.resolve("binaries"))).toFile())
                .setServerConfig("max_connections", "200")
                // zonky turns synchronous commit off for speed; then a kill -9 loses commits still in the WAL
                // buffers, and the fault drills prove that nothing accepted is ever lost.
                .setServerConfig("synchronous_commit", "on")
                .start();
        createDatabase(postgres, database);

        ServerMain.readyAndAwaitParent(
                Map.of("port", port, "database", database, "user", "postgres", "password", "postgres"),
                () -> {
                    try {
                        postgres.close();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    /** As root the server runs as an unprivileged user, which must be able to reach its directories. */
    private static Path traversable(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    private static void createDatabase(EmbeddedPostgres postgres, String database) throws Exception {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery(
                    "SELECT 1 FROM pg_database WHERE datname = '" + database.replace("'", "''") + "'")) {
                if (exists.next()) {
                    return;
                }
            }
            statement.execute("CREATE DATABASE \"" + database.replace("\"", "") + "\"");
        }
    }

    private PostgresServer() {
    }
}
