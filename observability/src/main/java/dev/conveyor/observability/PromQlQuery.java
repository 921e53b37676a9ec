package dev.conveyor.observability;

/**
 * One PromQL expression of Conveyor's observability configuration, and where it comes from.
 *
 * @param kind      what holds the expression
 * @param file      the file holding it, relative to the observability folder (e.g. {@code grafana/dashboards/conveyor-runs.json})
 * @param container the dashboard title, or the rule group name
 * @param name      the panel and query ({@code panel 7 "Retries" ref A}), or the rule's record or alert name
 * @param expr      the expression exactly as written
 * @param evaluable the expression ready for Prometheus' query API: Grafana variables replaced (see {@link PromQlCatalog})
 */
public record PromQlQuery(Kind kind, String file, String container, String name, String expr, String evaluable) {

    public enum Kind {
        DASHBOARD_PANEL,
        RECORDING_RULE,
        ALERTING_RULE
    }

    /** Where the expression is, for failure messages: {@code file › container › name}. */
    public String origin() {
        return file + " › " + container + " › " + name;
    }
}
