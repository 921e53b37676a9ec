package dev.conveyor.infra.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One embedded server (Kafka, PostgreSQL, the MongoDB-wire server or the log search engine) in its own JVM. Ports and data directory are
 * fixed at creation, so {@link #restart()} after {@link #kill()} brings the same server back with its data.
 */
public final class EmbeddedServer implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    /** The collector of least overhead for a small heap on few cores. */
    private static final String SERIAL_GC = "-XX:+UseSerialGC";

    /** The servers, with the main class that runs each one, its JVM's heap and collector, and its classpath. */
    public enum Kind {
        KAFKA("dev.conveyor.infra.servers.KafkaServer", List.of("-Xmx512m", SERIAL_GC), ProjectLayout::serverClasspath),
        POSTGRES("dev.conveyor.infra.servers.PostgresServer", List.of("-Xmx128m", SERIAL_GC),
                ProjectLayout::serverClasspath),
        // The in-memory backend holds every run document on the heap: a benchmark stores 370,000 runs and more, and a
        // heap too small spends its time collecting garbage (measured stalls to 30 runs/s at 384m, and to 20 runs/s
        // at 1536m; at 4g, 4.1 GiB resident, its CPU per run rose from 0.15 to 0.27 ms in the last phase). The heap
        // grows only as documents need it. Each young collection copies the documents stored since the last one and
        // scans the old generation's changed cards: with the serial collector's default young generation (about
        // 100 MB) it collected every 0.3 s and was stopped a quarter of the time under the benchmark, stalling the
        // updater's writes; a young generation of 1 GB stopped it 15 % of the time but up to 1.2 s at once. The
        // parallel collector (two threads) with 512 MB: about 5 % of the time, 0.2 s a collection.
        MONGO("dev.conveyor.infra.servers.MongoServer", List.of("-Xmx8g", "-XX:+UseParallelGC", "-Xmn512m"),
                ProjectLayout::serverClasspath),
        SEARCH("dev.conveyor.infra.search.SearchServer", List.of("-Xmx512m", SERIAL_GC),
                ProjectLayout::searchClasspath);

        private final String mainClass;
        private final List<String> jvmOptions;
        private final Function<ProjectLayout, String> classpath;

        Kind(String mainClass, List<String> jvmOptions, Function<ProjectLayout, String> classpath) {
            this.mainClass = mainClass;
            this.jvmOptions = jvmOptions;
            this.classpath = classpath;
        }

        String label() {
            return name().toLowerCase();
        }
    }

    private final Kind kind;
    private final List<String> command;
    private final Path log;
    private final Path dataDir;
    private volatile ChildProcess process;
    private volatile Map<String, String> endpoints = Map.of();

    private EmbeddedServer(Kind kind, List<String> command, Path log, Path dataDir) {
        this.kind = kind;
        this.command = command;
        this.log = log;
        this.dataDir = dataDir;
    }

    /** Starts a server and waits until it announces it is ready. {@code options} are its {@code --name value} arguments. */
    public static EmbeddedServer start(Kind kind, ProjectLayout layout, Path dataDir, Path logDir,
                                       Map<String, String> options) {
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.javaExecutable());
        command.addAll(kind.jvmOptions);
        command.addAll(List.of("-cp", kind.classpath.apply(layout), kind.mainClass, "--data-dir", dataDir.toString()));
        options.forEach((name, value) -> {
            command.add("--" + name);
            command.add(value);
        });
        EmbeddedServer server = new EmbeddedServer(kind, List.copyOf(command), logDir.resolve(kind.label() + ".log"),
                dataDir);
        server.launch();
        return server;
    }

    private void launch() {
        process = ChildProcess.start(kind.label(), command, Map.of(), log, line -> line.startsWith("READY "));
        endpoints = parseReadyLine(process.awaitLine(READY_TIMEOUT));
    }

    private static Map<String, String> parseReadyLine(String line) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : line.substring("READY ".length()).trim().split(" ")) {
            int eq = pair.indexOf('=');
            values.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return Collections.unmodifiableMap(values);
    }

    /** What the server announced: {@code bootstrap} (Kafka), {@code port}/{@code database}/{@code user}/{@code password}
     * (PostgreSQL), {@code uri} (Mongo), {@code url}/{@code port} (search). */
    public String endpoint(String key) {
        String value = endpoints.get(key);
        if (value == null) {
            throw new IllegalStateException(kind.label() + " announced no '" + key + "': " + endpoints);
        }
        return value;
    }

    public Kind kind() {
        return kind;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Crashes the server as kill -9 would, including PostgreSQL's own server processes. */
    public void kill() {
        process.kill();
        if (kind == Kind.POSTGRES) {
            killPostmaster();
        }
    }

    /** PostgreSQL daemonizes: its postmaster is not our child, so it is found through its pid file. */
    private void killPostmaster() {
        Path pidFile = dataDir.resolve("pgdata/postmaster.pid");
        try {
            if (Files.exists(pidFile)) {
                long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
                ProcessHandle.of(pid).ifPresent(postmaster -> {
                    postmaster.descendants().forEach(ProcessHandle::destroyForcibly);
                    postmaster.destroyForcibly();
                    postmaster.onExit().join();
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server again on the same ports and data after {@link #kill()} or {@link #stop()}. */
    public void restart() {
        if (process.isAlive()) {
            throw new IllegalStateException(kind.label() + " is still running");
        }
        launch();
    }

    public void stop() {
        process.stop(Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        process.close();
    }
}
