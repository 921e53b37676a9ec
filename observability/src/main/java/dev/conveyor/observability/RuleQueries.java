package dev.conveyor.observability;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** The expressions of every recording and alerting rule of a Prometheus rule file. */
final class RuleQueries {

    private RuleQueries() {
    }

    /** @param file the rule file's path relative to the observability folder, for {@link PromQlQuery#file()} */
    static List<PromQlQuery> of(String file, JsonNode rules) {
        List<PromQlQuery> queries = new ArrayList<>();
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                boolean recording = rule.has("record");
                String expr = rule.path("expr").asText().strip();
                queries.add(new PromQlQuery(
                        recording ? PromQlQuery.Kind.RECORDING_RULE : PromQlQuery.Kind.ALERTING_RULE,
                        file,
                        group.path("name").asText(),
                        recording ? rule.path("record").asText() : rule.path("alert").asText(),
                        expr,
                        expr));
            }
        }
        return queries;
    }
}
