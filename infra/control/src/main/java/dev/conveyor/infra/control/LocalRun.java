package dev.conveyor.infra.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The one-command local run without Docker: embedded Kafka, PostgreSQL and Mongo-wire server plus the three
 * services on fixed ports, state under {@code .local/}. Ctrl-C stops everything in order.
 * {@code --with-log-search} also runs OpenSearch and ships the services' logs into it.
 */
public final class LocalRun {

    static final int GATEWAY_PORT = 8080;
    static final int WORKER_PORT = 8081;
    static final int UPDATER_PORT = 8082;
    static final int SECOND_WORKER_PORT = 8083;
    static final EmbeddedInfrastructure.Ports INFRA_PORTS =
            new EmbeddedInfrastructure.Ports(59092, 59093, 55432, 57017, 59200);
    static final String WITH_LOG_SEARCH = "--with-log-search";

    public static void main(String[] args) throws Exception {
        for (String arg : args) {
            if (!arg.equals(WITH_LOG_SEARCH)) {
                System.err.println("Unknown option " + arg + ". Options: " + WITH_LOG_SEARCH
                        + " (also run OpenSearch, ~400 MB, and ship the services' logs into it)");
                System.exit(2);
            }
        }
        boolean logSearch = List.of(args).contains(WITH_LOG_SEARCH);
        ProjectLayout layout = ProjectLayout.locate();
        Path state = layout.root().resolve(".local");
        Files.createDirectories(state);
        String adminEmail = env("ADMIN_EMAIL", "admin@conveyor.local");
        String adminPassword = System.getenv("ADMIN_PASSWORD") != null
                ? System.getenv("ADMIN_PASSWORD") : localAdminPassword(state);

        System.out.println("Starting Conveyor (embedded Kafka, PostgreSQL, MongoDB-wire server"
                + (logSearch ? ", OpenSearch" : "") + "; logs in " + state.resolve("logs") + ") ...");
        ConveyorStack stack = ConveyorStack.start(new ConveyorStack.Options(state, INFRA_PORTS, GATEWAY_PORT,
                UPDATER_PORT, List.of(WORKER_PORT, SECOND_WORKER_PORT), true, adminEmail, adminPassword, logSearch));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Conveyor ...");
            stack.close();
            System.out.println("Stopped.");
            stopped.countDown();
        }, "conveyor-stop"));

        var infra = stack.infrastructure().serviceEnvironment();
        String logSearchLine = stack.logSearchUrl().map(url -> String.format(
                "  Log search    %1$s   (logs-conveyor-*: %1$s/logs-conveyor-*/_search?q=labels.run_id:<run id>)%n", url))
                .orElse("");
        System.out.printf("""

                Conveyor is up.
                  REST API      %1$s/api   (OpenAPI: %1$s/q/openapi, Swagger UI: %1$s/q/swagger-ui)
                  gRPC API      127.0.0.1:%2$d   (plaintext, reflection on)
                  Admin login   %3$s / %4$s
                  Updater       %5$s   (history gRPC service, health, metrics)
                  Workers       %6$s
                  Kafka         %7$s
                  PostgreSQL    127.0.0.1:%8$s/%9$s
                  MongoDB       %10$s
                  Logs          %11$s
                %12$sPress Ctrl-C to stop.
                """, stack.gateway().url(), GATEWAY_PORT, adminEmail, adminPassword, stack.updater().url(),
                stack.workers().stream().map(ServiceProcess::url).toList(), infra.get("KAFKA_BOOTSTRAP_SERVERS"),
                infra.get("POSTGRES_PORT"), infra.get("POSTGRES_DB"), infra.get("MONGODB_URI"), state.resolve("logs"),
                logSearchLine);
        stopped.await();
    }

    /** A random admin password made on the first local run and kept in .local/ (never in the repository). */
    private static String localAdminPassword(Path state) throws IOException {
        Path file = state.resolve("admin-password");
        if (!Files.exists(file)) {
            byte[] random = new byte[12];
            new SecureRandom().nextBytes(random);
            Files.writeString(file, HexFormat.of().formatHex(random));
        }
        return Files.readString(file).trim();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private LocalRun() {
    }
}
