package dev.conveyor.observability;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromQlNamesTest {

    @Test
    void findsSelectorsAndSkipsFunctionsAggregationsLabelListsAndStrings() {
        String expr = """
                histogram_quantile(0.99, sum by (application, le) (rate(http_server_requests_seconds_bucket{uri=~"/api/.*", uri!~".*/events"}[5m])))
                / on (application) group_left(instance) max without (le) (up{job="x"} offset 15m)
                and on (action) sum by (action) (increase(conveyor_runs_completed_total{status!="RETRYING"}[15m])) >= 10
                or vector(0) > bool 1e3
                """;

        assertThat(PromQlNames.of(expr))
                .containsExactly("conveyor_runs_completed_total", "http_server_requests_seconds_bucket", "up");
    }

    @Test
    void bracesInsideLabelValuesDoNotEndTheMatcher() {
        String expr = "sum(rate(http_server_requests_seconds_count{uri=~\"/api/tasks/{id}/launch\", outcome=\"SERVER_ERROR\"}[1h]))"
                + " / application:http_server_requests:rate5m";

        assertThat(PromQlNames.of(expr))
                .containsExactly("application:http_server_requests:rate5m", "http_server_requests_seconds_count");
    }

    @Test
    void subqueriesAndOffsetsAreNotNames() {
        assertThat(PromQlNames.of("max_over_time(conveyor_outbox_backlog[1h:5m] offset 1d)"))
                .containsExactly("conveyor_outbox_backlog");
    }
}
