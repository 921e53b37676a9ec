package dev.conveyor.bench.stack;

import dev.conveyor.bench.BenchOptions;
import dev.conveyor.bench.process.MeasuredProcess;
import dev.conveyor.infra.control.ConveyorStack;
import dev.conveyor.infra.control.EmbeddedInfrastructure;
import dev.conveyor.infra.control.FreePorts;
import dev.conveyor.infra.control.ProjectLayout;
import dev.conveyor.infra.control.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** Builds the {@link Target}: the embedded stack started here, or a running stack named on the command line. */
public final class Targets {

    private static final String ADMIN_EMAIL = "admin@bench.conveyor.test";
    private static final String STACK_PREFIX = "stack-";
    /** Logs of earlier runs kept in bench/target: a run's services log about 2 GB under the default phases. */
    private static final int KEPT_EARLIER_RUNS = 2;

    public static Target of(BenchOptions options) {
        return options.remote() == null ? embedded(options) : remote(options.remote());
    }

    /**
     * Kafka, PostgreSQL and the MongoDB-wire server (in memory: the benchmark keeps nothing) plus the packaged
     * gateway, updater and workers, each in its own JVM on free loopback ports.
     */
    private static Target embedded(BenchOptions options) {
        Path runs = ProjectLayout.locate().root().resolve("bench/target");
        if (options.stateDir() == null) {
            deleteEarlierRuns(runs);
        }
        Path state = options.stateDir() != null ? options.stateDir().toAbsolutePath()
                : runs.resolve(STACK_PREFIX
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        String adminPassword = "bench-" + UUID.randomUUID();
        List<Integer> workerPorts = IntStream.range(0, options.workers()).mapToObj(i -> FreePorts.pick()).toList();
        System.out.printf("Starting the embedded stack with %d worker(s); logs in %s ...%n", options.workers(),
                state.resolve("logs"));
        ConveyorStack stack = ConveyorStack.start(new ConveyorStack.Options(state, EmbeddedInfrastructure.Ports.free(),
                FreePorts.pick(), FreePorts.pick(), workerPorts, false, ADMIN_EMAIL, adminPassword));
        var infra = stack.infrastructure().serviceEnvironment();
        boolean ownState = options.stateDir() == null;
        return new Target(
                "embedded: 1 Kafka broker (KRaft), PostgreSQL, MongoDB-wire server (in memory), rest-api, "
                        + "task-updater, " + options.workers() + " × go-style-worker",
                stack.gateway().url(), "127.0.0.1:" + stack.gateway().port(), infra.get("KAFKA_BOOTSTRAP_SERVERS"),
                infra.get("MONGODB_URI"), infra.get("MONGODB_DATABASE"), ADMIN_EMAIL, adminPassword,
                () -> processes(stack, state.resolve("postgres/pgdata/postmaster.pid")),
                () -> {
                    stack.close();
                    if (ownState) {
                        deleteDataKeepingLogs(state);
                    }
                });
    }

    private static List<MeasuredProcess> processes(ConveyorStack stack, Path postmasterPid) {
        List<MeasuredProcess> processes = new ArrayList<>();
        processes.add(service(stack.gateway()));
        processes.add(service(stack.updater()));
        stack.workers().forEach(worker -> processes.add(service(worker)));
        var infra = stack.infrastructure();
        processes.add(new MeasuredProcess("kafka", infra.kafka().pid(), false));
        processes.add(new MeasuredProcess("mongo-wire server", infra.mongo().pid(), false));
        processes.add(new MeasuredProcess("postgres launcher (JVM)", infra.postgres().pid(), false));
        readPid(postmasterPid).ifPresent(pid ->
                processes.add(new MeasuredProcess("postgres server (all processes)", pid, true)));
        return processes;
    }

    /**
     * In the default state directory the servers' data is only the benchmark's own runs (PostgreSQL's alone is over
     * 100 MB): the logs are what is worth keeping. A directory named with --state-dir is left whole.
     */
    private static void deleteDataKeepingLogs(Path state) {
        try (Stream<Path> entries = Files.list(state)) {
            for (Path entry : entries.filter(entry -> !entry.getFileName().toString().equals("logs")).toList()) {
                deleteTree(entry);
            }
        } catch (IOException e) {
            System.err.println("Could not delete the stack's data under " + state + ": " + e);
        }
    }

    /** Deletes earlier runs' directories (named by their start time) but the newest {@value KEPT_EARLIER_RUNS}. */
    private static void deleteEarlierRuns(Path runs) {
        if (!Files.isDirectory(runs)) {
            return;
        }
        try (Stream<Path> entries = Files.list(runs)) {
            List<Path> earlier = entries.filter(entry -> entry.getFileName().toString().startsWith(STACK_PREFIX))
                    .sorted(Comparator.reverseOrder()).skip(KEPT_EARLIER_RUNS).toList();
            for (Path run : earlier) {
                deleteTree(run);
            }
        } catch (IOException e) {
            System.err.println("Could not delete the earlier runs' logs under " + runs + ": " + e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static MeasuredProcess service(ServiceProcess service) {
        return new MeasuredProcess(service.name(), service.pid(), false);
    }

    /** PostgreSQL daemonizes: its postmaster is found through its pid file, as infra/control does to kill it. */
    private static Optional<Long> readPid(Path pidFile) {
        try {
            return Files.exists(pidFile)
                    ? Optional.of(Long.parseLong(Files.readAllLines(pidFile).getFirst().trim()))
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Target remote(BenchOptions.Remote remote) {
        List<MeasuredProcess> processes = remote.pids().entrySet().stream()
                .map(entry -> new MeasuredProcess(entry.getKey(), entry.getValue(), false)).toList();
        return new Target("running stack at " + remote.gatewayUrl(), remote.gatewayUrl(), remote.grpcTarget(),
                remote.kafka(), remote.mongoUri(), remote.mongoDatabase(), remote.adminEmail(),
                remote.adminPassword(), () -> processes, () -> { });
    }

    private Targets() {
    }
}
