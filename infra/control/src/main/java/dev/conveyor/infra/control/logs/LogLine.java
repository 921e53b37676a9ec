package dev.conveyor.infra.control.logs;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One complete line of a service's log file, turned into the ECS document the search engine stores (the field
 * contract is observability/LOGS.md).
 *
 * @param source where it was read
 * @param fileId identifies this incarnation of the file (see {@link ShipperState})
 * @param offset byte offset of the line's first byte in the file
 * @param text   the line without its line break
 */
record LogLine(LogSource source, String fileId, long offset, String text) {

    private static final String INDEX_PREFIX = "logs-conveyor-";
    private static final Pattern USABLE_SERVICE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,100}");

    /**
     * What the services' console JSON (Quarkus ECS or default format) says differently from the contract, renamed as
     * Filebeat renames it in compose (observability/filebeat/filebeat.yml, checked against this list): MDC entries to
     * {@code trace.id}, {@code span.id} and {@code labels.*}; and, for lines in Quarkus' default JSON format, its
     * names to ECS ones.
     */
    private static final List<Map.Entry<String, String>> RENAMES = List.of(
            Map.entry("mdc.traceId", "trace.id"),
            Map.entry("mdc.spanId", "span.id"),
            Map.entry("mdc.run_id", "labels.run_id"),
            Map.entry("mdc.task_id", "labels.task_id"),
            Map.entry("mdc.user_id", "labels.user_id"),
            Map.entry("error.stack_trace", "error.stacktrace"),
            Map.entry("timestamp", "@timestamp"),
            Map.entry("level", "log.level"),
            Map.entry("loggerName", "log.logger"));

    /** Same line, same id: a bulk request sent twice, or a range shipped again after a restart, is not duplicated. */
    String id() {
        return fileId + ":" + offset;
    }

    /**
     * The line as a document: a JSON object keeps its fields (normalised to the contract); anything else, such as
     * what the JVM prints before logging starts, becomes the {@code message} of a document of its own.
     */
    Document document(Instant readAt) {
        Map<String, Object> fields;
        try {
            fields = normalised(Json.parseObject(text));
        } catch (IllegalArgumentException notAJsonObject) {
            return asMessage(readAt);
        }
        putIfAbsent(fields, "@timestamp", readAt.toString());
        putIfAbsent(fields, "service.name", source.service());
        putIfAbsent(fields, "log.file.path", source.file().toString());
        putIfAbsent(fields, "log.offset", offset);
        return new Document(indexFor(FieldPaths.get(fields, "service.name")), id(), Json.write(fields));
    }

    /** The raw line as the message: for non-JSON lines, and for JSON the engine refused (e.g. a field of another type). */
    Document asMessage(Instant readAt) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("@timestamp", readAt.toString());
        fields.put("message", text);
        fields.put("service.name", source.service());
        fields.put("log.file.path", source.file().toString());
        fields.put("log.offset", offset);
        return new Document(indexFor(source.service()), id(), Json.write(fields));
    }

    private static Map<String, Object> normalised(Map<String, Object> fields) {
        for (Map.Entry<String, String> rename : RENAMES) {
            if (!FieldPaths.has(fields, rename.getValue())) {
                Object value = FieldPaths.take(fields, rename.getKey());
                if (value != null) {
                    fields.put(rename.getValue(), value);
                }
            }
        }
        return fields;
    }

    private static void putIfAbsent(Map<String, Object> fields, String path, Object value) {
        if (!FieldPaths.has(fields, path)) {
            fields.put(path, value);
        }
    }

    /** One index (data stream) per service, as in compose; a name the engine would refuse goes to {@code -unknown}. */
    private static String indexFor(Object service) {
        String name = service instanceof String s ? s.toLowerCase(Locale.ROOT) : "";
        return INDEX_PREFIX + (USABLE_SERVICE.matcher(name).matches() ? name : "unknown");
    }

    /**
     * A document for the bulk API.
     *
     * @param index  target index or data stream
     * @param id     deterministic document id
     * @param source the JSON document
     */
    record Document(String index, String id, String source) {
    }
}
