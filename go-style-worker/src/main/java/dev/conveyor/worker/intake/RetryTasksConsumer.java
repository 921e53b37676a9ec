package dev.conveyor.worker.intake;

import dev.conveyor.worker.WorkerConfig;
import dev.conveyor.worker.run.IncomingRun;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Feeds {@code pending-tasks-retry} to the {@link Intake}, each record once its {@code not_before} has come. The wait
 * is a timer in a merge slot, so it holds no thread and the records behind it on the partition flow on; up to
 * {@code conveyor.worker.retry.max-waiting} records are held at once (waiting or running), more wait in Kafka.
 */
@ApplicationScoped
public class RetryTasksConsumer {

    private static final Logger LOG = Logger.getLogger(RetryTasksConsumer.class);

    private final Multi<Message<byte[]>> retries;
    private final Intake intake;
    private final int maxWaiting;
    private final Duration maxDelay;
    private volatile boolean stopped;

    public RetryTasksConsumer(@Channel("pending-tasks-retry") Multi<Message<byte[]>> retries, Intake intake,
                              WorkerConfig config) {
        this.retries = retries;
        this.intake = intake;
        this.maxWaiting = config.retry().maxWaiting();
        this.maxDelay = config.retry().maxDelay();
    }

    void start(@Observes StartupEvent event) {
        retries.onItem().transformToUni(message -> whenDue(IncomingRun.of(message))).merge(maxWaiting)
                .subscribe().with(
                        ignored -> { },
                        failure -> {
                            stopped = true;
                            LOG.error("pending-tasks-retry stopped: no more retries are taken", failure);
                        });
    }

    /** Not live once the stream has stopped: only a restart takes retries again, so the platform must do one. */
    @Produces
    @Liveness
    HealthCheck takingRetries() {
        return () -> HealthCheckResponse.named("pending-tasks-retry intake").status(!stopped).build();
    }

    private Uni<Void> whenDue(IncomingRun run) {
        Duration wait = waitFor(run.notBefore(), Instant.now(), maxDelay);
        return wait.isZero()
                ? intake.process(run)
                : Uni.createFrom().voidItem().onItem().delayIt().by(wait).chain(() -> intake.process(run));
    }

    /**
     * Until {@code notBefore}, rounded up to a whole millisecond: timers count whole milliseconds, and a wait cut
     * short would start the attempt before its time. So no timer is ever under a millisecond either, which Vert.x
     * refuses, ending the whole stream. Never longer than the longest backoff: a time further away (a skewed clock)
     * must not hold the record past the commit strategy's unprocessed-record-max-age.
     */
    static Duration waitFor(Optional<Instant> notBefore, Instant now, Duration maxDelay) {
        Duration untilDue = notBefore.map(at -> Duration.between(now, at)).orElse(Duration.ZERO);
        if (untilDue.isNegative() || untilDue.isZero()) {
            return Duration.ZERO;
        }
        if (untilDue.compareTo(maxDelay) > 0) {
            return maxDelay;
        }
        Duration wholeMillis = Duration.ofMillis(untilDue.toMillis());
        return wholeMillis.equals(untilDue) ? wholeMillis : wholeMillis.plusMillis(1);
    }
}
