package dev.conveyor.observability;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** The Prometheus targets of every panel of a Grafana dashboard. */
final class DashboardQueries {

    private DashboardQueries() {
    }

    /** @param file the dashboard's path relative to the observability folder, for {@link PromQlQuery#file()} */
    static List<PromQlQuery> of(String file, JsonNode dashboard) {
        GrafanaVariables variables = GrafanaVariables.of(dashboard);
        List<PromQlQuery> queries = new ArrayList<>();
        collect(dashboard.path("panels"), file, dashboard.path("title").asText(), variables, queries);
        return queries;
    }

    // Collapsed rows hold their panels inside the row itself.
    private static void collect(JsonNode panels, String file, String title, GrafanaVariables variables,
                                List<PromQlQuery> queries) {
        for (JsonNode panel : panels) {
            collect(panel.path("panels"), file, title, variables, queries);
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText("");
                if (expr.isBlank() || !isPrometheus(target, panel)) {
                    continue;
                }
                String name = "panel %d \"%s\" ref %s".formatted(
                        panel.path("id").asInt(), panel.path("title").asText(), target.path("refId").asText());
                String evaluable;
                try {
                    evaluable = variables.expand(expr);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + " › " + name + ": " + e.getMessage(), e);
                }
                queries.add(new PromQlQuery(PromQlQuery.Kind.DASHBOARD_PANEL, file, title, name, expr, evaluable));
            }
        }
    }

    // A target without its own datasource uses the panel's; a panel without one uses the default, Prometheus.
    private static boolean isPrometheus(JsonNode target, JsonNode panel) {
        JsonNode datasource = target.has("datasource") ? target.path("datasource") : panel.path("datasource");
        return datasource.isMissingNode() || datasource.isNull()
                || "prometheus".equals(datasource.path("type").asText("prometheus"));
    }
}
