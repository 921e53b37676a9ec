package dev.conveyor.gateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MeterFiltersTest {

    @Test
    void routeTemplatesKeepTheirUriAndRawPathsShareOne() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(new MeterFilters().untemplatedUris());
        List<String> uris = List.of("/api/tasks/{id}/launch", "/api/login", "/q/health/ready", "/", "NOT_FOUND",
                "/api/tasks/01a20900-6732-7957-a050-7ff5d773e3af", "/api/histories/%00/cancel", "/api/users/😀");

        uris.forEach(uri -> Timer.builder("http.server.requests").tag("uri", uri).register(registry));

        Set<String> tagged = registry.find("http.server.requests").timers().stream()
                .map(timer -> timer.getId().getTag("uri"))
                .collect(Collectors.toSet());
        assertEquals(Set.of("/api/tasks/{id}/launch", "/api/login", "/q/health/ready", "/", "NOT_FOUND",
                MeterFilters.UNMATCHED_URI), tagged);
    }
}
