package dev.conveyor.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.infra.control.ChildProcess;
import dev.conveyor.infra.control.FreePorts;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A real Prometheus (the Debian package's binary) on a free loopback port, scraping the given jobs' {@code /q/metrics}
 * every second and evaluating the given rule files every second, as production does every 15 s.
 */
final class LivePrometheus implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChildProcess process;
    private final String url;

    private LivePrometheus(ChildProcess process, String url) {
        this.process = process;
        this.url = url;
    }

    /**
     * The {@code prometheus} command, installed from its Debian package if it is missing and this machine allows it
     * (bin/lib/ensure-commands.sh); empty when it is not available.
     */
    static Optional<Path> binary(Path repository) {
        try {
            Process ensure = new ProcessBuilder("bash", repository.resolve("bin/lib/ensure-commands.sh").toString(),
                    "--optional", "prometheus:prometheus").inheritIO().start();
            ensure.waitFor();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        return Stream.of(System.getenv("PATH").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "prometheus"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * Starts Prometheus in {@code dir}.
     *
     * @param jobs  job name to its {@code host:port} targets
     * @param rules the rule files (a glob is fine)
     */
    static LivePrometheus start(Path binary, Path dir, Map<String, List<String>> jobs, String rules) {
        int port = FreePorts.pick();
        Path config = dir.resolve("prometheus.yml");
        try {
            Files.createDirectories(dir);
            Files.writeString(config, config(jobs, rules));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
        ChildProcess process = ChildProcess.start("prometheus", List.of(binary.toString(),
                "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port), Map.of(), dir.resolve("prometheus.log"), line -> false);
        LivePrometheus prometheus = new LivePrometheus(process, "http://127.0.0.1:" + port);
        Awaitility.await("Prometheus ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(prometheus::ready);
        return prometheus;
    }

    private static String config(Map<String, List<String>> jobs, String rules) {
        String scrapes = jobs.entrySet().stream().map(job -> """
                  - job_name: %s
                    metrics_path: /q/metrics
                    static_configs:
                      - targets: [%s]
                """.formatted(job.getKey(), String.join(", ", job.getValue()))).collect(Collectors.joining());
        return """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                %s""".formatted(rules, scrapes);
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException("Prometheus exited. Last output (full log: " + process.log() + "):\n"
                    + process.lastOutput());
        }
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url + "/-/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The instant query's {@code data}; fails on an error answer (a query Prometheus cannot evaluate). */
    JsonNode query(String expr) {
        JsonNode answer = get("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
        if (!"success".equals(answer.path("status").asText())) {
            throw new AssertionError("Prometheus refused " + expr + ": " + answer);
        }
        return answer.path("data");
    }

    /** The rule groups as evaluated now ({@code /api/v1/rules}). */
    JsonNode rules() {
        return get("/api/v1/rules").path("data").path("groups");
    }

    /** The scrape targets and their health ({@code /api/v1/targets}). */
    JsonNode targets() {
        return get("/api/v1/targets").path("data").path("activeTargets");
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " from Prometheus failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
