package dev.conveyor.gateway.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.conveyor.gateway.problem.ApiException;
import org.junit.jupiter.api.Test;

class PageRequestTest {

    @Test
    void absentValuesMeanTheDefaults() {
        assertEquals(new PageRequest(0, PageRequest.DEFAULT_SIZE), PageRequest.parse(null, ""));
        assertEquals(new PageRequest(0, PageRequest.DEFAULT_SIZE), PageRequest.of(0, 0));
    }

    @Test
    void invalidValuesNameTheParameter() {
        ApiException e = assertThrows(ApiException.class, () -> PageRequest.parse("-1", "abc"));
        assertEquals("page: must be an integer between 0 and 2147483647; size: must be an integer between 1 and 100",
                e.detail());
    }
}
