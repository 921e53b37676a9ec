package dev.conveyor.observability;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The fenced query blocks of a runbook: ```promql for Prometheus, ```kql for Kibana. */
final class Runbooks {

    private Runbooks() {
    }

    static List<String> promQl(String runbook) {
        return blocks(runbook, "promql");
    }

    static List<String> kql(String runbook) {
        return blocks(runbook, "kql");
    }

    private static List<String> blocks(String runbook, String language) {
        Matcher block = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(runbook);
        List<String> blocks = new ArrayList<>();
        while (block.find()) {
            blocks.add(block.group(1).strip());
        }
        return blocks;
    }
}
