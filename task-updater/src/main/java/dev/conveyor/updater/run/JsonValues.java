package dev.conveyor.updater.run;

import org.bson.BsonInvalidOperationException;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonParseException;
import org.bson.json.JsonWriterSettings;

/**
 * Stores the JSON of run inputs and results as documents, so they can be queried, and turns them back into JSON.
 */
public final class JsonValues {

    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    private JsonValues() {
    }

    /**
     * A JSON object as a document. Anything else (producers only send objects, so this is a bug upstream) is kept
     * as its original text rather than dropped. {@code null} when there is no JSON at all.
     */
    public static Object toStored(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return Document.parse(json);
        } catch (JsonParseException | BsonInvalidOperationException e) {
            return json;
        }
    }

    /** The JSON text of a value written by {@link #toStored}; empty when there is none. */
    public static String toJson(Object stored) {
        return switch (stored) {
            case Document document -> document.toJson(RELAXED);
            case String text -> text;
            case null, default -> "";
        };
    }
}
