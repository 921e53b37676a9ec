package dev.conveyor.actions;

import org.junit.jupiter.api.Test;

import static dev.conveyor.actions.Catalogs.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SumActionTest {

    @Test
    void sumsExactly() {
        assertEquals("{\"count\":2,\"sum\":0.3}", run("sum", """
                {"numbers":[0.1,0.2]}""").toString());
    }

    @Test
    void writesTheSameValueTheSameWayWhateverTheInputNotation() {
        assertEquals("{\"count\":3,\"sum\":1003}", run("sum", """
                {"numbers":[1e3,1.50,1.50]}""").toString());
    }

    @Test
    void keepsIntegersBeyondLongExact() {
        assertEquals("{\"count\":2,\"sum\":18446744073709551614}", run("sum", """
                {"numbers":[9223372036854775807,9223372036854775807]}""").toString());
    }

    @Test
    void sumsNegativesToZero() {
        assertEquals("{\"count\":2,\"sum\":0}", run("sum", """
                {"numbers":[-2.5,2.5]}""").toString());
    }
}
