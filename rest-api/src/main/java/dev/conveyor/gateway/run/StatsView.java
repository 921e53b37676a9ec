package dev.conveyor.gateway.run;

import dev.conveyor.proto.ActionStats;
import dev.conveyor.proto.Stats;
import dev.conveyor.proto.StatusCount;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Stats", description = "Run counts by status and by action, and running totals of results")
public record StatsView(
        long total,
        @Schema(description = "Runs per status; statuses without runs are left out") Map<String, Long> byStatus,
        @Schema(description = "Per action name") Map<String, ActionView> byAction) {

    @Schema(name = "ActionStats")
    public record ActionView(
            Map<String, Long> byStatus,
            @Schema(description = "Totals of the numeric top-level fields of SUCCEEDED results, each run counted once")
            Map<String, Double> resultTotals) {
    }

    /** Maps sorted by key, so the JSON reads the same every time. */
    static StatsView of(Stats stats) {
        return new StatsView(stats.getTotal(), counts(stats.getByStatusList()), stats.getByActionList().stream()
                .collect(Collectors.toMap(ActionStats::getAction,
                        action -> new ActionView(counts(action.getByStatusList()), new TreeMap<>(action.getResultTotalsMap())),
                        (a, b) -> a, TreeMap::new)));
    }

    private static Map<String, Long> counts(List<StatusCount> counts) {
        return counts.stream().collect(Collectors.toMap(count -> count.getStatus().name(), StatusCount::getCount,
                Long::sum, TreeMap::new));
    }
}
