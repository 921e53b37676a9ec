package dev.conveyor.bench.stack;

import dev.conveyor.bench.process.MeasuredProcess;
import java.util.List;
import java.util.function.Supplier;

/**
 * The Conveyor being measured: where its API, Kafka and MongoDB are, who may administer it, and which processes
 * make it up. Closing it stops what the benchmark started, and nothing else.
 *
 * @param description what it is, for the report
 * @param gatewayUrl  REST base URL of rest-api
 * @param grpcTarget  host:port of its gRPC API
 * @param kafka       bootstrap servers, or null when unknown
 * @param mongoUri    the updater's MongoDB, or null when unknown
 * @param processes   looked up when phase (e) runs: PostgreSQL's server processes come and go
 */
public record Target(String description, String gatewayUrl, String grpcTarget, String kafka, String mongoUri,
                     String mongoDatabase, String adminEmail, String adminPassword,
                     Supplier<List<MeasuredProcess>> processes, Runnable stop) implements AutoCloseable {

    @Override
    public void close() {
        stop.run();
    }
}
