package dev.conveyor.observability;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The log fields of LOGS.md ("## Fields" table), and the fields a KQL query refers to. */
final class LogContract {

    /** The fields the brief of the log contract requires; LOGS.md may not drop any. */
    static final Set<String> REQUIRED = Set.of("@timestamp", "log.level", "service.name", "message", "trace.id",
            "span.id", "labels.run_id", "labels.task_id", "labels.user_id");

    private static final Pattern TABLE_ROW = Pattern.compile("^\\|\\s*`([@\\w.]+)`\\s*\\|");
    // A field before ':' outside quotes, e.g. log.level : (ERROR or FATAL), labels.run_id:"...".
    private static final Pattern KQL_FIELD = Pattern.compile("([@\\w][\\w.@]*)\\s*:");
    private static final Pattern KQL_STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

    private LogContract() {
    }

    static Set<String> fields() {
        Set<String> fields = new LinkedHashSet<>();
        boolean inFields = false;
        for (String line : Observability.text(Observability.path("LOGS.md")).split("\n")) {
            if (line.startsWith("## ")) {
                inFields = line.equals("## Fields");
            }
            Matcher row = TABLE_ROW.matcher(line);
            if (inFields && row.find()) {
                fields.add(row.group(1));
            }
        }
        return fields;
    }

    static Set<String> kqlFields(String query) {
        Matcher field = KQL_FIELD.matcher(KQL_STRING.matcher(query).replaceAll("\"\""));
        Set<String> fields = new TreeSet<>();
        while (field.find()) {
            fields.add(field.group(1));
        }
        return fields;
    }
}
