package dev.conveyor.actions;

import org.junit.jupiter.api.Test;

import static dev.conveyor.actions.Catalogs.json;
import static dev.conveyor.actions.Catalogs.run;
import static dev.conveyor.actions.Catalogs.runCancelled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HashActionTest {

    @Test
    void hashesTheUtf8TextOnceByDefault() {
        assertEquals(json("""
                {"algorithm":"SHA-256","iterations":1,
                 "hex":"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"}"""),
                run("hash", """
                        {"text":"abc"}"""));
    }

    @Test
    void hashesTheDigestBytesAgainOnEachFurtherIteration() {
        // SHA-256 of the 32 raw bytes of SHA-256("abc"), not of its hex string.
        assertEquals("4f8b42c22dd3729b519ba6f68d2da7cc5b2d606d05daed5ad5128cc03e6c6358",
                run("hash", """
                        {"text":"abc","iterations":2}""").get("hex").asText());
    }

    @Test
    void stopsBetweenIterationsOnceTheRunIsCancelled() {
        ActionFailedException failure = runCancelled("hash", """
                {"text":"abc","iterations":100000}""");
        assertEquals(ActionContext.CANCELLED, failure.code());
        assertFalse(failure.retryable());
    }

    @Test
    void isCpuBound() {
        assertTrue(new HashAction().cpuBound());
    }
}
