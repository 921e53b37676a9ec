package dev.conveyor.observability;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces Grafana variables in a panel's PromQL so Prometheus itself can evaluate it. Dashboard variables take their
 * "All" value (Conveyor's dashboards use them only in regex matchers, {@code action=~"$action"}); Grafana's built-in
 * intervals take what a 15 s scrape and a one-hour time range give.
 */
final class GrafanaVariables {

    static final Map<String, String> BUILT_IN = Map.of(
            "__rate_interval", "1m",
            "__interval", "15s",
            "__range", "1h");

    // $name, ${name} and ${name:format}, and the deprecated [[name]].
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(\\w+)(?::[^}]*)?}|\\$(\\w+)|\\[\\[(\\w+)]]");

    private final Map<String, String> values;

    private GrafanaVariables(Map<String, String> values) {
        this.values = values;
    }

    /** The built-in variables plus the dashboard's own, read from its {@code templating.list}. */
    static GrafanaVariables of(JsonNode dashboard) {
        Map<String, String> values = new HashMap<>(BUILT_IN);
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            values.put(variable.path("name").asText(), variable.path("allValue").asText(".*"));
        }
        return new GrafanaVariables(values);
    }

    /** @throws IllegalArgumentException when the expression uses a variable the dashboard does not define */
    String expand(String expr) {
        Matcher reference = REFERENCE.matcher(expr);
        StringBuilder expanded = new StringBuilder();
        while (reference.find()) {
            String name = firstNonNull(reference.group(1), reference.group(2), reference.group(3));
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("unknown Grafana variable $" + name + " in: " + expr);
            }
            reference.appendReplacement(expanded, Matcher.quoteReplacement(value));
        }
        reference.appendTail(expanded);
        return expanded.toString();
    }

    private static String firstNonNull(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        throw new IllegalStateException("the pattern has no matching group");
    }
}
