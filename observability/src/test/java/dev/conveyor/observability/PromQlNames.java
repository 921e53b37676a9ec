package dev.conveyor.observability;

import java.util.Set;
import java.util.TreeSet;

/**
 * The metric names a PromQL expression selects: identifiers that are not functions, aggregations, keywords or
 * label names. A small lexer rather than a parser: label matchers, strings, ranges and the label lists of
 * {@code by}, {@code without}, {@code on}, {@code ignoring} and {@code group_*} are skipped whole, so it sees only
 * the selectors' names. Whether the expression is valid PromQL is promtool's job.
 */
final class PromQlNames {

    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
    private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan");

    private PromQlNames() {
    }

    static Set<String> of(String expr) {
        Set<String> names = new TreeSet<>();
        int i = 0;
        while (i < expr.length()) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = afterString(expr, i);
            } else if (c == '{') {
                i = afterBlock(expr, i, '{', '}');
            } else if (c == '[') {
                i = afterBlock(expr, i, '[', ']');
            } else if (c == '#') {
                int end = expr.indexOf('\n', i);
                i = end < 0 ? expr.length() : end;
            } else if (Character.isDigit(c) || c == '.') {
                // Numbers and durations: 0.99, 1e3, 0x1F, 15m.
                while (i < expr.length() && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.')) {
                    i++;
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < expr.length() && isNamePart(expr.charAt(i))) {
                    i++;
                }
                String word = expr.substring(start, i);
                int next = skipSpaces(expr, i);
                boolean call = next < expr.length() && expr.charAt(next) == '(';
                if (LABEL_LISTS.contains(word)) {
                    if (call) {
                        i = afterBlock(expr, next, '(', ')');
                    }
                } else if (!call && !AGGREGATIONS.contains(word) && !KEYWORDS.contains(word)) {
                    names.add(word);
                }
            } else {
                i++;
            }
        }
        return names;
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == ':';
    }

    private static int skipSpaces(String expr, int from) {
        int i = from;
        while (i < expr.length() && Character.isWhitespace(expr.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int afterString(String expr, int open) {
        char quote = expr.charAt(open);
        int i = open + 1;
        while (i < expr.length() && expr.charAt(i) != quote) {
            i += expr.charAt(i) == '\\' && quote != '`' ? 2 : 1;
        }
        return i + 1;
    }

    // Strings inside the block may hold the closing character: uri="/api/tasks/{id}/launch".
    private static int afterBlock(String expr, int open, char opening, char closing) {
        int depth = 0;
        int i = open;
        while (i < expr.length()) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = afterString(expr, i);
                continue;
            }
            if (c == opening) {
                depth++;
            } else if (c == closing && --depth == 0) {
                return i + 1;
            }
            i++;
        }
        return i;
    }
}
