package dev.conveyor.worker.intake;

import dev.conveyor.worker.WorkerConfig;
import dev.conveyor.worker.run.IncomingRun;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;

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
                        failure -> LOG.error("pending-tasks-retry stopped: no more retries are taken", failure));
    }

    private Uni<Void> whenDue(IncomingRun run) {
        Duration wait = wait(run);
        return wait.isZero()
                ? intake.process(run)
                : Uni.createFrom().voidItem().onItem().delayIt().by(wait).chain(() -> intake.process(run));
    }

    /**
     * Until {@code not_before}, but never longer than the longest backoff: a time further away (a skewed clock) must
     * not hold the record past the commit strategy's unprocessed-record-max-age.
     */
    private Duration wait(IncomingRun run) {
        Duration untilDue = run.notBefore().map(at -> Duration.between(Instant.now(), at)).orElse(Duration.ZERO);
        if (untilDue.isNegative()) {
            return Duration.ZERO;
        }
        return untilDue.compareTo(maxDelay) > 0 ? maxDelay : untilDue;
    }
}
