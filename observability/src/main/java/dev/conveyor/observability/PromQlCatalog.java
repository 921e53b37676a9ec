package dev.conveyor.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every PromQL expression Conveyor's observability relies on: the targets of every Grafana dashboard panel
 * ({@code grafana/dashboards/*.json}) and every recording and alerting rule ({@code prometheus/rules/*.yml}), each
 * with where it came from. A live test evaluates {@link PromQlQuery#evaluable()} against a Prometheus that scrapes the
 * running services, so a renamed metric or a broken panel fails a build rather than a dashboard.
 */
public final class PromQlCatalog {

    /** Dashboards, relative to the observability folder. */
    public static final String DASHBOARDS = "grafana/dashboards";
    /** Rule files, relative to the observability folder. */
    public static final String RULES = "prometheus/rules";

    private final List<PromQlQuery> queries;

    private PromQlCatalog(List<PromQlQuery> queries) {
        this.queries = List.copyOf(queries);
    }

    /**
     * Reads the catalog from an observability folder (the {@code observability/} module of the repository).
     *
     * @throws UncheckedIOException     when a file cannot be read or parsed
     * @throws IllegalArgumentException when a panel uses a Grafana variable its dashboard does not define
     */
    public static PromQlCatalog load(Path observabilityDir) {
        ObjectMapper json = new ObjectMapper();
        ObjectMapper yaml = new YAMLMapper();
        List<PromQlQuery> queries = new ArrayList<>();
        for (Path dashboard : files(observabilityDir.resolve(DASHBOARDS), ".json")) {
            String file = observabilityDir.relativize(dashboard).toString();
            queries.addAll(DashboardQueries.of(file, read(json, dashboard)));
        }
        for (Path ruleFile : files(observabilityDir.resolve(RULES), ".yml")) {
            String file = observabilityDir.relativize(ruleFile).toString();
            queries.addAll(RuleQueries.of(file, read(yaml, ruleFile)));
        }
        return new PromQlCatalog(queries);
    }

    /**
     * The catalog of this repository's checkout: the folder named by the system property
     * {@code conveyor.observability.dir}, else {@code observability/} under {@code conveyor.root} (the build sets both
     * for tests).
     */
    public static PromQlCatalog fromRepository() {
        String dir = System.getProperty("conveyor.observability.dir");
        if (dir != null) {
            return load(Path.of(dir));
        }
        String root = System.getProperty("conveyor.root");
        if (root == null) {
            throw new IllegalStateException(
                    "set conveyor.observability.dir or conveyor.root to find the observability folder");
        }
        return load(Path.of(root, "observability"));
    }

    /** Every expression: dashboards first (file, then panel order), then rules (file, then rule order). */
    public List<PromQlQuery> queries() {
        return queries;
    }

    public List<PromQlQuery> queries(PromQlQuery.Kind kind) {
        return queries.stream().filter(query -> query.kind() == kind).toList();
    }

    private static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static List<Path> files(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(path -> path.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
