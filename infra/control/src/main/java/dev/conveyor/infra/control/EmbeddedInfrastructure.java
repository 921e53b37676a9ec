package dev.conveyor.infra.control;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

/**
 * Kafka, PostgreSQL and the MongoDB-wire server, started in parallel, with the settings the services read; and the
 * log search engine when asked for.
 *
 * @param kafka     a single KRaft broker with Conveyor's topics created
 * @param postgres  PostgreSQL with the {@code conveyor} database
 * @param mongo     the MongoDB-wire server
 * @param logSearch OpenSearch with the {@code logs-conveyor-*} index template, if asked for (it needs ~400 MB)
 */
public record EmbeddedInfrastructure(EmbeddedServer kafka, EmbeddedServer postgres, EmbeddedServer mongo,
                                     Optional<EmbeddedServer> logSearch) implements AutoCloseable {

    public static final String TOPICS =
            "pending-tasks,pending-tasks-retry,pending-tasks-dlq,task-status,task-completed,run-control";

    /** Starts the three servers side by side, without log search. */
    public static EmbeddedInfrastructure start(Ports ports, Path stateDir, boolean durable) {
        return start(ports, stateDir, durable, false);
    }

    /**
     * Starts the servers side by side.
     *
     * @param ports     fixed ports (local run) or {@link Ports#free()} (tests)
     * @param stateDir  where their data and logs go
     * @param durable   keep Mongo data on disk (local run) instead of in memory (tests)
     * @param logSearch also start the log search engine
     */
    public static EmbeddedInfrastructure start(Ports ports, Path stateDir, boolean durable, boolean logSearch) {
        ProjectLayout layout = ProjectLayout.locate();
        Path logs = stateDir.resolve("logs");
        var kafka = CompletableFuture.supplyAsync(() -> startKafka(layout, ports, stateDir, logs));
        var postgres = CompletableFuture.supplyAsync(() -> startPostgres(layout, ports, stateDir, logs));
        var mongo = CompletableFuture.supplyAsync(() -> startMongo(layout, ports, stateDir, logs, durable));
        var search = logSearch
                ? CompletableFuture.supplyAsync(() -> startSearch(layout, ports, stateDir, logs))
                : CompletableFuture.completedFuture((EmbeddedServer) null);
        try {
            CompletableFuture.allOf(kafka, postgres, mongo, search).join();
        } catch (CompletionException e) {
            // Do not leave the servers that did start running behind a failed start.
            Stream.of(kafka, postgres, mongo, search).forEach(server -> server.thenAccept(started -> {
                if (started != null) {
                    started.close();
                }
            }));
            throw e;
        }
        return new EmbeddedInfrastructure(kafka.join(), postgres.join(), mongo.join(), Optional.ofNullable(search.join()));
    }

    public static EmbeddedServer startKafka(ProjectLayout layout, Ports ports, Path stateDir, Path logs) {
        return EmbeddedServer.start(EmbeddedServer.Kind.KAFKA, layout, stateDir.resolve("kafka"), logs, Map.of(
                "port", Integer.toString(ports.kafka()),
                "controller-port", Integer.toString(ports.kafkaController()),
                "topics", TOPICS,
                "partitions", "6"));
    }

    public static EmbeddedServer startPostgres(ProjectLayout layout, Ports ports, Path stateDir, Path logs) {
        return EmbeddedServer.start(EmbeddedServer.Kind.POSTGRES, layout, stateDir.resolve("postgres"), logs, Map.of(
                "port", Integer.toString(ports.postgres()),
                "database", "conveyor"));
    }

    public static EmbeddedServer startMongo(ProjectLayout layout, Ports ports, Path stateDir, Path logs,
                                            boolean durable) {
        return EmbeddedServer.start(EmbeddedServer.Kind.MONGO, layout, stateDir.resolve("mongo"), logs, Map.of(
                "port", Integer.toString(ports.mongo()),
                "backend", durable ? "h2" : "memory"));
    }

    /** OpenSearch with the index template compose also gives Elasticsearch (see observability/LOGS.md). */
    public static EmbeddedServer startSearch(ProjectLayout layout, Ports ports, Path stateDir, Path logs) {
        return EmbeddedServer.start(EmbeddedServer.Kind.SEARCH, layout, stateDir.resolve("search"), logs, Map.of(
                "port", Integer.toString(ports.search()),
                "index-template", "logs-conveyor=" + layout.logIndexTemplate()));
    }

    /** The environment variables every service reads to find the infrastructure (see .env.example). */
    public Map<String, String> serviceEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.endpoint("bootstrap"));
        env.put("POSTGRES_HOST", "127.0.0.1");
        env.put("POSTGRES_PORT", postgres.endpoint("port"));
        env.put("POSTGRES_DB", postgres.endpoint("database"));
        env.put("POSTGRES_USER", postgres.endpoint("user"));
        env.put("POSTGRES_PASSWORD", postgres.endpoint("password"));
        env.put("MONGODB_URI", mongo.endpoint("uri"));
        env.put("MONGODB_DATABASE", "conveyor");
        return env;
    }

    @Override
    public void close() {
        Stream.concat(Stream.of(kafka, postgres, mongo), logSearch.stream())
                .map(server -> CompletableFuture.runAsync(server::close))
                .toList()
                .forEach(CompletableFuture::join);
    }

    /** Ports of the servers: fixed for the local run, free ones for tests. {@code search} is the HTTP port. */
    public record Ports(int kafka, int kafkaController, int postgres, int mongo, int search) {

        public static Ports free() {
            return new Ports(FreePorts.pick(), FreePorts.pick(), FreePorts.pick(), FreePorts.pick(), FreePorts.pick());
        }
    }
}
