package dev.conveyor.gateway.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.conveyor.gateway.problem.ApiException;
import dev.conveyor.gateway.problem.ProblemKind;
import org.junit.jupiter.api.Test;

/** Found by FuzzIT: a NUL byte in the action filter reached PostgreSQL and came back as a 500. */
class TaskFilterTest {

    @Test
    void anActionFilterThatCannotBeAnActionNameIsRefused() {
        ApiException refused = assertThrows(ApiException.class, () -> new TaskFilter("\u0000", null));
        assertEquals(ProblemKind.VALIDATION, refused.kind());
        assertThrows(ApiException.class, () -> new TaskFilter("QUEUED,RUNNING", null));
    }

    @Test
    void anEmptyFilterMeansAnyAndANameIsKept() {
        assertNull(new TaskFilter("", null).action());
        assertEquals("word-stats", new TaskFilter("word-stats", null).action());
    }
}
