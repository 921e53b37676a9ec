package dev.conveyor.updater.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.bson.Document;
import org.junit.jupiter.api.Test;

class JsonValuesTest {

    @Test
    void aJsonObjectIsStoredAsADocumentAndReadBackAsTheSameJson() {
        String json = "{\"text\": \"abc\", \"n\": 5000000000, \"ratio\": 1.5, \"tags\": [\"a\", \"b\"], \"nested\": {\"ok\": true}}";

        Object stored = JsonValues.toStored(json);

        Document document = assertInstanceOf(Document.class, stored);
        assertEquals(5_000_000_000L, document.getLong("n"));
        assertEquals(json, JsonValues.toJson(stored));
    }

    @Test
    void jsonThatIsNotAnObjectIsKeptAsItsText() {
        assertEquals("[1, 2]", JsonValues.toStored("[1, 2]"));
        assertEquals("42", JsonValues.toStored("42"));
        assertEquals("{broken", JsonValues.toStored("{broken"));
        assertEquals("{broken", JsonValues.toJson("{broken"));
    }

    @Test
    void noJsonIsNothingStoredAndEmptyText() {
        assertNull(JsonValues.toStored(""));
        assertNull(JsonValues.toStored(null));
        assertEquals("", JsonValues.toJson(null));
    }
}
