package dev.conveyor.infra.control;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A packaged Quarkus service ({@code quarkus-run.jar}) in its own JVM, ready once {@code /q/health/ready} says UP.
 * Kill and restart keep its port and settings, as a process supervisor would.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private volatile ChildProcess process;

    private ServiceProcess(String name, int port, List<String> command, Map<String, String> environment, Path log) {
        this.name = name;
        this.port = port;
        this.command = command;
        this.environment = environment;
        this.log = log;
    }

    /** Starts the service's jar with {@code environment} (its settings, see .env.example) on {@code port}. */
    public static ServiceProcess start(String name, Path jar, int port, Map<String, String> environment, Path logDir,
                                       String heap) {
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        List<String> command = List.of(ChildProcess.javaExecutable(), "-Xmx" + heap, "-XX:+UseSerialGC",
                "-Dvertx.cacheDirBase=" + logDir.resolve(".vertx-" + name), "-jar", jar.toString());
        ServiceProcess service = new ServiceProcess(name, port, command, Map.copyOf(env), logFile(logDir, name));
        service.launch();
        return service;
    }

    /** Where the service called {@code name} writes its output: appended to across restarts, never truncated. */
    public static Path logFile(Path logDir, String name) {
        return logDir.resolve(name + ".log");
    }

    private void launch() {
        process = ChildProcess.start(name, command, environment, log, line -> false);
        awaitReady();
    }

    private void awaitReady() {
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited during startup. Last output (full log: " + log
                        + "):\n" + process.lastOutput());
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // Still starting.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + name, e);
            }
            pause();
        }
        throw new IllegalStateException(name + " was not ready within " + READY_TIMEOUT + ". Last output (full log: "
                + log + "):\n" + process.lastOutput());
    }

    /** Polling interval of the readiness probe, as a health checker would use. */
    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** SIGTERM and wait: the service shuts down gracefully. */
    public void stop() {
        process.stop(Duration.ofSeconds(60));
    }

    /** SIGKILL: the service crashes. */
    public void kill() {
        process.kill();
    }

    public void restart() {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        launch();
    }

    @Override
    public void close() {
        process.close();
    }
}
