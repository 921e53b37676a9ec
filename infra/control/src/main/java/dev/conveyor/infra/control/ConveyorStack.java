package dev.conveyor.infra.control;

import dev.conveyor.infra.control.logs.LogShipper;
import dev.conveyor.infra.control.logs.LogSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The whole system on one machine without Docker: the embedded infrastructure plus the packaged gateway, workers
 * and updater, each in its own JVM; optionally the log search engine with a shipper feeding it the services' logs.
 * The end-to-end tests and the local run both use it.
 */
public final class ConveyorStack implements AutoCloseable {

    /** The services: each one's module, jar and {@code service.name}. */
    private static final String GATEWAY = "rest-api";
    private static final String UPDATER = "task-updater";
    private static final String WORKER = "go-style-worker";

    private final EmbeddedInfrastructure infrastructure;
    private final Optional<LogShipper> logShipper;
    private final ServiceProcess updater;
    private final List<ServiceProcess> workers;
    private final ServiceProcess gateway;

    private ConveyorStack(EmbeddedInfrastructure infrastructure, Optional<LogShipper> logShipper,
                          ServiceProcess updater, List<ServiceProcess> workers, ServiceProcess gateway) {
        this.infrastructure = infrastructure;
        this.logShipper = logShipper;
        this.updater = updater;
        this.workers = workers;
        this.gateway = gateway;
    }

    /**
     * What to start and where.
     *
     * @param stateDir      data, logs and generated keys
     * @param infraPorts    ports of Kafka, PostgreSQL and Mongo
     * @param gatewayPort   REST and gRPC of rest-api
     * @param updaterPort   HTTP and gRPC of task-updater
     * @param workerPorts   one go-style-worker per port
     * @param durable       keep Mongo data on disk
     * @param adminEmail    the bootstrapped admin
     * @param adminPassword its password
     * @param logSearch     also run the log search engine (OpenSearch, ~400 MB) and ship the services' logs to it
     * @param serviceEnvironment settings given to every service on top of the stack's own (which they override),
     *                      e.g. {@code QUARKUS_OTEL_SDK_DISABLED=false} and an OTLP endpoint to export traces
     */
    public record Options(Path stateDir, EmbeddedInfrastructure.Ports infraPorts, int gatewayPort, int updaterPort,
                          List<Integer> workerPorts, boolean durable, String adminEmail, String adminPassword,
                          boolean logSearch, Map<String, String> serviceEnvironment) {

        public Options {
            serviceEnvironment = Map.copyOf(serviceEnvironment);
        }

        /** No extra service settings. */
        public Options(Path stateDir, EmbeddedInfrastructure.Ports infraPorts, int gatewayPort, int updaterPort,
                       List<Integer> workerPorts, boolean durable, String adminEmail, String adminPassword,
                       boolean logSearch) {
            this(stateDir, infraPorts, gatewayPort, updaterPort, workerPorts, durable, adminEmail, adminPassword,
                    logSearch, Map.of());
        }

        /** Without log search. */
        public Options(Path stateDir, EmbeddedInfrastructure.Ports infraPorts, int gatewayPort, int updaterPort,
                       List<Integer> workerPorts, boolean durable, String adminEmail, String adminPassword) {
            this(stateDir, infraPorts, gatewayPort, updaterPort, workerPorts, durable, adminEmail, adminPassword,
                    false);
        }

        public Options withLogSearch() {
            return new Options(stateDir, infraPorts, gatewayPort, updaterPort, workerPorts, durable, adminEmail,
                    adminPassword, true, serviceEnvironment);
        }

        /** These settings too, for every service (a later value of the same name wins). */
        public Options withServiceEnvironment(Map<String, String> settings) {
            Map<String, String> merged = new HashMap<>(serviceEnvironment);
            merged.putAll(settings);
            return new Options(stateDir, infraPorts, gatewayPort, updaterPort, workerPorts, durable, adminEmail,
                    adminPassword, logSearch, merged);
        }
    }

    public static ConveyorStack start(Options options) {
        ProjectLayout layout = ProjectLayout.locate();
        Path logs = options.stateDir().resolve("logs");
        EmbeddedInfrastructure infrastructure = EmbeddedInfrastructure.start(options.infraPorts(), options.stateDir(),
                options.durable(), options.logSearch());
        Optional<LogShipper> logShipper = infrastructure.logSearch().map(search -> LogShipper.start(
                search.endpoint("url"), options.stateDir().resolve("log-shipper.json"), logSources(options, logs),
                LogShipper.Settings.defaults()));
        List<ServiceProcess> started = Collections.synchronizedList(new ArrayList<>());
        try {
            Map<String, String> env = new HashMap<>(infrastructure.serviceEnvironment());
            // No trace collector runs here: tracing is off unless the options turn it on with an endpoint.
            env.put("QUARKUS_OTEL_SDK_DISABLED", "true");
            env.putAll(options.serviceEnvironment());
            JwtKeys keys = JwtKeys.inDirectory(options.stateDir().resolve("jwt"));
            var updater = async(() -> ServiceProcess.start(UPDATER, layout.serviceJar(UPDATER),
                    options.updaterPort(), env, logs, "384m"));
            List<CompletableFuture<ServiceProcess>> workers = new ArrayList<>();
            for (int i = 0; i < options.workerPorts().size(); i++) {
                Map<String, String> workerEnv = new HashMap<>(env);
                workerEnv.put("WORKER_ID", "worker-" + (i + 1));
                int port = options.workerPorts().get(i);
                String name = workerName(i);
                workers.add(async(() -> ServiceProcess.start(name, layout.serviceJar(WORKER), port,
                        workerEnv, logs, "256m")));
            }
            Map<String, String> gatewayEnv = new HashMap<>(env);
            gatewayEnv.put("HISTORY_GRPC_HOST", "127.0.0.1");
            gatewayEnv.put("HISTORY_GRPC_PORT", Integer.toString(options.updaterPort()));
            gatewayEnv.put("JWT_PRIVATE_KEY_LOCATION", keys.privateKey().toString());
            gatewayEnv.put("JWT_PUBLIC_KEY_LOCATION", keys.publicKey().toString());
            gatewayEnv.put("ADMIN_EMAIL", options.adminEmail());
            gatewayEnv.put("ADMIN_PASSWORD", options.adminPassword());
            var gateway = async(() -> ServiceProcess.start(GATEWAY, layout.serviceJar(GATEWAY),
                    options.gatewayPort(), gatewayEnv, logs, "384m"));

            List<CompletableFuture<ServiceProcess>> all = new ArrayList<>(workers);
            all.add(updater);
            all.add(gateway);
            all.forEach(future -> future.thenAccept(started::add));
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            return new ConveyorStack(infrastructure, logShipper, updater.join(),
                    workers.stream().map(CompletableFuture::join).toList(), gateway.join());
        } catch (RuntimeException e) {
            synchronized (started) {
                started.forEach(ServiceProcess::close);
            }
            logShipper.ifPresent(LogShipper::close);
            infrastructure.close();
            throw e;
        }
    }

    /** The log file of every service process, with the service it belongs to. */
    private static List<LogSource> logSources(Options options, Path logs) {
        List<LogSource> sources = new ArrayList<>();
        sources.add(new LogSource(ServiceProcess.logFile(logs, GATEWAY), GATEWAY));
        sources.add(new LogSource(ServiceProcess.logFile(logs, UPDATER), UPDATER));
        for (int i = 0; i < options.workerPorts().size(); i++) {
            sources.add(new LogSource(ServiceProcess.logFile(logs, workerName(i)), WORKER));
        }
        return sources;
    }

    private static String workerName(int index) {
        return WORKER + "-" + (index + 1);
    }

    private static CompletableFuture<ServiceProcess> async(Supplier<ServiceProcess> start) {
        return CompletableFuture.supplyAsync(start);
    }

    public EmbeddedInfrastructure infrastructure() {
        return infrastructure;
    }

    public ServiceProcess gateway() {
        return gateway;
    }

    public ServiceProcess updater() {
        return updater;
    }

    public List<ServiceProcess> workers() {
        return workers;
    }

    /** The log search engine's HTTP address ({@code logs-conveyor-*} indices), when started with log search. */
    public Optional<String> logSearchUrl() {
        return infrastructure.logSearch().map(search -> search.endpoint("url"));
    }

    /** The shipper feeding the services' logs to the search engine, when started with log search. */
    public Optional<LogShipper> logShipper() {
        return logShipper;
    }

    /**
     * Stops in the order work flows: the gateway (it drains its outbox), the workers (they finish in-flight runs),
     * the updater (it records what they emitted), the log shipper (it ships their last lines), then the
     * infrastructure.
     */
    @Override
    public void close() {
        gateway.close();
        workers.stream().map(worker -> CompletableFuture.runAsync(worker::close)).toList()
                .forEach(CompletableFuture::join);
        updater.close();
        logShipper.ifPresent(LogShipper::close);
        infrastructure.close();
    }
}
