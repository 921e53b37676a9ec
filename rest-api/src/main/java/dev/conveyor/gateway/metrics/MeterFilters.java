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

    @Produces
    @Singleton
    MeterFilter application(@ConfigProperty(name = "quarkus.application.name") String application) {
        return MeterFilter.commonTags(Tags.of("application", application));
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
