package dev.conveyor.observability;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The queries a runbook tells the on-call to paste must work: PromQL that parses on contract metrics, KQL on contract fields. */
class RunbookQueriesTest {

    record Query(String runbook, String text) {
    }

    private final List<Query> promQl = new ArrayList<>();
    private final List<Query> kql = new ArrayList<>();

    RunbookQueriesTest() {
        for (Path runbook : Observability.files("runbooks", ".md")) {
            String text = Observability.text(runbook);
            String name = runbook.getFileName().toString();
            Runbooks.promQl(text).forEach(query -> promQl.add(new Query(name, query)));
            Runbooks.kql(text).forEach(query -> kql.add(new Query(name, query)));
        }
    }

    @Test
    void promQlParses(@TempDir Path tmp) throws IOException {
        ObjectNode file = Observability.YAML.createObjectNode();
        ArrayNode rules = file.putArray("groups").addObject().put("name", "runbook-queries").putArray("rules");
        for (int i = 0; i < promQl.size(); i++) {
            rules.addObject().put("record", "runbook_query_" + i).put("expr", promQl.get(i).text());
        }
        Observability.YAML.writeValue(tmp.resolve("runbook-queries.yml").toFile(), file);

        Tool.Result check = Tool.PROMTOOL.run(tmp, "check", "rules", "runbook-queries.yml");

        assertThat(check.exitCode()).as(check.output() + "\n" + promQl).isZero();
    }

    @Test
    void promQlUsesOnlyContractMetricsAndRecordingRules() {
        Set<String> allowed = new HashSet<>(MetricsContract.names());
        PromQlCatalog.load(Observability.dir()).queries(PromQlQuery.Kind.RECORDING_RULE)
                .forEach(rule -> allowed.add(rule.name()));

        for (Query query : promQl) {
            Set<String> unknown = new TreeSet<>(PromQlNames.of(query.text()));
            unknown.removeAll(allowed);
            assertThat(unknown).as(query.runbook() + ": " + query.text()).isEmpty();
        }
    }

    @Test
    void kqlUsesOnlyLogContractFields() {
        Set<String> fields = LogContract.fields();

        for (Query query : kql) {
            assertThat(LogContract.kqlFields(query.text())).as(query.runbook() + ": " + query.text())
                    .isNotEmpty().isSubsetOf(fields);
        }
    }
}
