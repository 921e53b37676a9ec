package dev.conveyor.infra.control.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void readsAndWritesBackEveryKindOfValue() {
        String text = "{\"s\":\"a\\\"b\\\\c\\n\\u00e9\\u0001\",\"n\":-1.5e3,\"i\":42,\"t\":true,\"f\":false,\"z\":null,"
                + "\"a\":[1,{\"x\":[]},{}]}";
        Map<String, Object> value = Json.parseObject(text);

        assertEquals("a\"b\\c\né\u0001", value.get("s"));
        assertEquals(new BigDecimal("-1.5e3"), value.get("n"));
        assertEquals(List.of(new BigDecimal(1), Map.of("x", List.of()), Map.of()), value.get("a"));
        assertEquals("{\"s\":\"a\\\"b\\\\c\\n\u00e9\\u0001\",\"n\":-1.5E+3,\"i\":42,\"t\":true,\"f\":false,\"z\":null,"
                + "\"a\":[1,{\"x\":[]},{}]}", Json.write(value));
        assertEquals(value, Json.parseObject(Json.write(value)));
    }

    @Test
    void refusesWhatIsNotExactlyOneJsonValue() {
        for (String bad : List.of("", "{", "{\"a\":1", "{\"a\" 1}", "{\"a\":1}}", "{\"a\":1} x", "{a:1}", "[1,]",
                "{\"a\":+1}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":01}", "{\"a\":\"x", "{\"a\":\"\\x\"}",
                "{\"a\":\"tab\there\"}", "{\"a\":tru}", "WARNING: A restricted method has been called")) {
            assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> Json.parseObject("[1]"));
    }
}
