package dev.conveyor.gateway.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * docs/METRICS.md for the platform's meters: every series tagged {@code application}, so dashboards tell the
 * services apart, and the HTTP and gRPC server timers as histograms with the SLO buckets, so p99 panels and the
 * launch SLO can be computed from {@code _bucket} series.
 */
public class MeterFilters {

    /** The SLO-friendly buckets of docs/METRICS.md, seconds. */
    private static final double[] BUCKETS_NANOS = Arrays.stream(new double[] {
                    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300})
            .map(seconds -> seconds * Duration.ofSeconds(1).toNanos())
            .toArray();
    private static final Set<String> SERVER_TIMERS = Set.of("http.server.requests", "grpc.server.processing.duration");
    /**
     * A path whose every segment is a word or a {template}, what a matched route's uri tag looks like, or one of
     * Micrometer's own values (NOT_FOUND, REDIRECTION).
     */
    private static final Pattern TEMPLATED_URI = Pattern.compile("[A-Z_]+|(/([A-Za-z][A-Za-z-]*|\\{[A-Za-z]+}))*/?");
    static final String UNMATCHED_URI = "UNMATCHED";

    @Produces
    @Singleton
    MeterFilter application(@ConfigProperty(name = "quarkus.application.name") String application) {
        return MeterFilter.commonTags(Tags.of("application", application));
    }

    /**
     * Requests refused before routing (a 413 for the body, some 405s and 401s) keep their raw path as the uri tag, so
     * a client sending random ids or garbage would grow a series per path: those share one value instead.
     */
    @Produces
    @Singleton
    MeterFilter untemplatedUris() {
        return MeterFilter.replaceTagValues("uri",
                uri -> TEMPLATED_URI.matcher(uri).matches() ? uri : UNMATCHED_URI);
    }

    @Produces
    @Singleton
    MeterFilter serverHistograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!SERVER_TIMERS.contains(id.getName())) {
                    return config;
                }
                return DistributionStatisticConfig.builder().serviceLevelObjectives(BUCKETS_NANOS).build()
                        .merge(config);
            }
        };
    }
}
