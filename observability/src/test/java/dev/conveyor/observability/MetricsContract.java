package dev.conveyor.observability;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names docs/METRICS.md allows, as Prometheus series names: the table of Conveyor's own metrics
 * (histograms expand to {@code _bucket}, {@code _count}, {@code _sum}) and the names listed under "From the
 * platform" ({@code name_{a,b}} and {@code name_*} expand to their suffixes, {@code up{job=...}} is {@code up}).
 */
final class MetricsContract {

    private static final Pattern TABLE_ROW = Pattern.compile("^\\|\\s*`([a-z_:][a-z0-9_:]*)`\\s*\\|\\s*(\\w+)");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern SUFFIX_SET = Pattern.compile("([a-z_][a-z0-9_]*)_\\{([a-z,]+)}");
    private static final Pattern ANY_SUFFIX = Pattern.compile("([a-z_][a-z0-9_]*)_\\*");
    private static final Pattern NAME = Pattern.compile("([a-z_][a-z0-9_]*)(\\{[^}]*})?");
    private static final Set<String> TIMER_SUFFIXES = Set.of("count", "sum", "bucket", "max");

    private MetricsContract() {
    }

    static Set<String> names() {
        Set<String> names = new TreeSet<>();
        String section = "";
        for (String line : Observability.text(Observability.repositoryRoot().resolve("docs/METRICS.md")).split("\n")) {
            if (line.startsWith("## ")) {
                section = line.substring(3).strip();
                continue;
            }
            Matcher row = TABLE_ROW.matcher(line);
            if (section.startsWith("Conveyor") && row.find()) {
                if (row.group(2).equals("histogram")) {
                    for (String suffix : Set.of("bucket", "count", "sum")) {
                        names.add(row.group(1) + "_" + suffix);
                    }
                } else {
                    names.add(row.group(1));
                }
            } else if (section.startsWith("From the platform") && line.startsWith("- ")) {
                Matcher code = CODE.matcher(line);
                while (code.find()) {
                    addPlatformName(code.group(1), names);
                }
            }
        }
        return names;
    }

    private static void addPlatformName(String token, Set<String> names) {
        Matcher suffixSet = SUFFIX_SET.matcher(token);
        Matcher anySuffix = ANY_SUFFIX.matcher(token);
        Matcher name = NAME.matcher(token);
        if (suffixSet.matches()) {
            for (String suffix : suffixSet.group(2).split(",")) {
                names.add(suffixSet.group(1) + "_" + suffix);
            }
        } else if (anySuffix.matches()) {
            TIMER_SUFFIXES.forEach(suffix -> names.add(anySuffix.group(1) + "_" + suffix));
        } else if (name.matches()) {
            names.add(name.group(1));
        }
    }
}
