package dev.conveyor.actions;

import org.junit.jupiter.api.Test;

import static dev.conveyor.actions.Catalogs.json;
import static dev.conveyor.actions.Catalogs.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

class WordStatsActionTest {

    @Test
    void countsCaseInsensitiveWordsAndBreaksTiesAlphabetically() {
        assertEquals(json("""
                {"words":7,"distinct":5,"top":[
                  {"word":"the","count":3},{"word":"and","count":1},{"word":"cat","count":1}]}"""),
                run("word-stats", """
                        {"text":"...The cat and the HAT; the end!","top":3}"""));
    }

    @Test
    void splitsOnUnicodeSeparatorsAndKeepsLettersAndDigitsOfAnyScript() {
        assertEquals(json("""
                {"words":5,"distinct":3,"top":[
                  {"word":"2024","count":2},{"word":"grüße","count":2},{"word":"東京","count":1}]}"""),
                run("word-stats", """
                        {"text":"Grüße—GRÜẞE? 2024 / 2024 東京"}"""));
    }

    @Test
    void handlesATextWithoutWords() {
        assertEquals(json("""
                {"words":0,"distinct":0,"top":[]}"""),
                run("word-stats", """
                        {"text":" ?! "}"""));
    }
}
