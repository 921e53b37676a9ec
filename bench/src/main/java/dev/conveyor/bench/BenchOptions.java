package dev.conveyor.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What to measure and against what. Every option is {@code --name=value} on the command line or the system property
 * {@code bench.name}; the command line wins.
 */
public record BenchOptions(
        Set<Phase> phases,
        Duration duration,
        Duration warmup,
        Duration pipelineWarmup,
        List<Integer> rates,
        int concurrency,
        int batchSize,
        int batchesInFlight,
        int backlog,
        int kafkaConsumers,
        int kafkaPartitions,
        Duration drainTimeout,
        HttpClient.Version httpVersion,
        int workers,
        Path stateDir,
        Remote remote) {

    static final String USAGE = """
            Usage: bin/bench [--no-build] [options]

              --phases=a,b,c,d,e     which measurements (default all):
                                     a raw Kafka, b REST/gRPC launches, c end-to-end runs/s,
                                     d latency at fixed rates, e peak RSS
              --duration=20s         measured time of each phase (and of each rate in d)
              --pipeline-warmup=120s unmeasured batch launches through the whole pipeline before b, c and d,
                                     so the services' JIT compilers are done before anything is measured (0 skips)
              --warmup=30s           unmeasured single launches before each of b's REST and gRPC measurements
              --rates=200,1000,3000  offered launch rates of d, runs/s
              --concurrency=64       concurrent clients in b
              --batch-size=1000      launches per batch request in c and d (1..1000)
              --batches-in-flight=4  batch requests c keeps in flight at once
              --backlog=5000         c keeps at most this many launched runs not yet ended by a worker
              --kafka-consumers=2    consumers in the group of a
              --kafka-partitions=6   partitions of a's topic (pending-tasks has 6)
              --drain-timeout=5m     how long to wait for launched runs to finish
              --http=1.1             HTTP version of the REST client: 1.1 or 2
              --stack=embedded       start the embedded stack (default) ...
              --workers=2            ... with this many workers
              --state-dir=PATH       ... keeping data and logs there (default bench/target/stack-<time>)
              --gateway-url=URL      ... or measure a running stack instead; then also
                --admin-email=E --admin-password=P   an admin of that stack
                --kafka=HOST:PORT    its Kafka (phase a)
                --mongo-uri=URI      its MongoDB (phases c, d), --mongo-database=conveyor
                --grpc=HOST:PORT     its gRPC endpoint (default: the gateway's host and port)
                --pids=NAME:PID,...  processes whose peak RSS phase e reports (same machine only)
            """;

    /** Where a running stack is, when the benchmark does not start one itself. */
    public record Remote(String gatewayUrl, String grpcTarget, String kafka, String mongoUri, String mongoDatabase,
                         String adminEmail, String adminPassword, Map<String, Long> pids) {
    }

    static BenchOptions parse(String[] args) {
        Map<String, String> given = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument '" + arg + "'\n" + USAGE);
            }
            int eq = arg.indexOf('=');
            given.put(eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? "true" : arg.substring(eq + 1));
        }
        Values values = new Values(given);
        String stack = values.get("stack", "embedded");
        String gatewayUrl = values.get("gateway-url", null);
        if (gatewayUrl == null && !stack.equals("embedded")) {
            throw new IllegalArgumentException("--stack=" + stack + ": only 'embedded' is known; use --gateway-url to "
                    + "measure a running stack");
        }
        int batchSize = values.integer("batch-size", 1000);
        if (batchSize < 1 || batchSize > 1000) {
            throw new IllegalArgumentException("--batch-size must be 1..1000, got " + batchSize);
        }
        return new BenchOptions(
                phases(values.get("phases", "a,b,c,d,e")),
                values.duration("duration", "20s"),
                values.duration("warmup", "30s"),
                values.duration("pipeline-warmup", "120s"),
                Arrays.stream(values.get("rates", "200,1000,3000").split(",")).map(String::trim)
                        .map(Integer::parseInt).toList(),
                values.integer("concurrency", 64),
                batchSize,
                values.integer("batches-in-flight", 4),
                values.integer("backlog", 5000),
                values.integer("kafka-consumers", 2),
                values.integer("kafka-partitions", 6),
                values.duration("drain-timeout", "5m"),
                httpVersion(values.get("http", "1.1")),
                values.integer("workers", 2),
                values.get("state-dir", null) == null ? null : Path.of(values.get("state-dir", null)),
                gatewayUrl == null ? null : remote(values, gatewayUrl));
    }

    private static Remote remote(Values values, String gatewayUrl) {
        URI uri = URI.create(gatewayUrl);
        int port = uri.getPort() > 0 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
        Map<String, Long> pids = new LinkedHashMap<>();
        String pidList = values.get("pids", "");
        for (String pair : pidList.isBlank() ? new String[0] : pidList.split(",")) {
            int colon = pair.lastIndexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("--pids wants NAME:PID pairs, got '" + pair + "'");
            }
            pids.put(pair.substring(0, colon).trim(), Long.parseLong(pair.substring(colon + 1).trim()));
        }
        return new Remote(gatewayUrl.replaceAll("/+$", ""), values.get("grpc", uri.getHost() + ":" + port),
                values.get("kafka", null), values.get("mongo-uri", null), values.get("mongo-database", "conveyor"),
                values.required("admin-email"), values.required("admin-password"), pids);
    }

    private static Set<Phase> phases(String list) {
        Set<Phase> phases = EnumSet.noneOf(Phase.class);
        Arrays.stream(list.split(",")).filter(name -> !name.isBlank()).map(Phase::of).forEach(phases::add);
        return phases;
    }

    private static HttpClient.Version httpVersion(String version) {
        return switch (version) {
            case "1.1", "1", "http/1.1" -> HttpClient.Version.HTTP_1_1;
            case "2", "h2", "h2c", "http/2" -> HttpClient.Version.HTTP_2;
            default -> throw new IllegalArgumentException("--http must be 1.1 or 2, got " + version);
        };
    }

    /** Command-line values first, then {@code bench.*} system properties, then the default. */
    private record Values(Map<String, String> given) {

        String get(String name, String fallback) {
            String value = given.get(name);
            return value != null ? value : System.getProperty("bench." + name, fallback);
        }

        String required(String name) {
            String value = get(name, null);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("--" + name + " is required with --gateway-url");
            }
            return value;
        }

        int integer(String name, int fallback) {
            String value = get(name, Integer.toString(fallback));
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + value + "'", e);
            }
        }

        /** {@code 30s}, {@code 2m}, {@code 500ms}, ISO-8601 ({@code PT30S}) or plain seconds. */
        Duration duration(String name, String fallback) {
            String value = get(name, fallback).trim().toLowerCase();
            try {
                if (value.startsWith("pt")) {
                    return Duration.parse(value);
                }
                if (value.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
                }
                if (value.endsWith("s")) {
                    return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
                }
                if (value.endsWith("m")) {
                    return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
                }
                return Duration.ofSeconds(Long.parseLong(value));
            } catch (NumberFormatException | DateTimeParseException e) {
                throw new IllegalArgumentException("--" + name + " must be a duration like 30s, 2m or 500ms, got '"
                        + value + "'", e);
            }
        }
    }
}
