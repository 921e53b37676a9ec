package dev.conveyor.worker.intake;

import dev.conveyor.worker.WorkerConfig;
import dev.conveyor.worker.run.IncomingRun;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Feeds {@code pending-tasks} to the {@link Intake}, up to {@code conveyor.worker.max-in-flight} records at once. A
 * bounded merge rather than one run per partition: a run that waits (sleep, I/O) holds no thread and does not hold up
 * the runs behind it. Acks arrive out of order, which the throttled commit strategy turns into safe offset commits.
 */
@ApplicationScoped
public class PendingTasksConsumer {

    private static final Logger LOG = Logger.getLogger(PendingTasksConsumer.class);

    private final Multi<Message<byte[]>> requests;
    private final Intake intake;
    private final int maxInFlight;

    public PendingTasksConsumer(@Channel("pending-tasks") Multi<Message<byte[]>> requests, Intake intake,
                                WorkerConfig config) {
        this.requests = requests;
        this.intake = intake;
        this.maxInFlight = config.maxInFlight();
    }

    void start(@Observes StartupEvent event) {
        requests.onItem().transformToUni(message -> intake.process(IncomingRun.of(message))).merge(maxInFlight)
                .subscribe().with(
                        ignored -> { },
                        failure -> LOG.error("pending-tasks stopped: no more runs are taken", failure));
    }
}
