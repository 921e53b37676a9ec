package dev.conveyor.updater.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RunIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"0190f3c2-7d1a-7b3e-9f00-aabbccddeeff", "0190F3C2-7D1A-7B3E-9F00-AABBCCDDEEFF"})
    void aCanonicalUuidInEitherCaseIsValid(String id) {
        assertTrue(RunIds.isValid(id));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "0190f3c2-7d1a-7b3e-9f00-aabbccddeef", // one digit short
            "0190f3c2-7d1a-7b3e-9f00-aabbccddeeff0", // one digit more
            "0190f3c27d1a-7b3e-9f00-aabbccddeeff-", // a dash out of place
            "0190f3c2-7d1a-7b3e-9f00-aabbccddeefg", // not hex
            "0190f3c2-7d1a-7b3e-9f00-aabbccddee\uff10\uff11", // fullwidth digits, which Character.digit takes
            "1-1-1-1-1"}) // UUID.fromString takes it
    void anythingElseIsNot(String id) {
        assertFalse(RunIds.isValid(id));
    }
}
