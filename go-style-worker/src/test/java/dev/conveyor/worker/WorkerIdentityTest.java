package dev.conveyor.worker;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkerIdentityTest {

    @Test
    void generatesHostnameAndARandomSuffix() {
        String id = WorkerIdentity.generated();
        assertTrue(id.matches(".+-[0-9a-f]{6}"), id);
        assertNotEquals(id, WorkerIdentity.generated());
    }
}
