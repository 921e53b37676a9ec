package dev.conveyor.gateway.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidsTest {

    @Test
    void version7IdsCarryTheirCreationTimeAndSortByIt() {
        UUID first = Uuids.v7();
        long before = System.currentTimeMillis();
        UUID second = Uuids.v7();
        assertEquals(7, first.version());
        assertEquals(2, first.variant());
        assertTrue(Math.abs((second.getMostSignificantBits() >>> 16) - before) < 1000);
        assertTrue(Long.compareUnsigned(first.getMostSignificantBits() >>> 16, second.getMostSignificantBits() >>> 16) <= 0);
    }
}
