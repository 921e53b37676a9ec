package dev.conveyor.worker.run;

import dev.conveyor.actions.ActionCatalog;
import dev.conveyor.actions.UnknownActionException;
import dev.conveyor.proto.RunRequested;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.worker.WorkerIdentity;
import dev.conveyor.worker.cancel.Attempt;
import dev.conveyor.worker.cancel.Cancellations;
import dev.conveyor.worker.kafka.DeadLetterPublisher;
import dev.conveyor.worker.kafka.DeadLetterReason;
import dev.conveyor.worker.kafka.RunEventPublisher;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One record of pending-tasks or pending-tasks-retry, start to finish (docs/RUN-SEMANTICS.md): RUNNING, execute,
 * the verdict's events, and only then the ack, so a crash at any point leaves the record uncommitted and another
 * worker runs the attempt again (at-least-once; consumers deduplicate by rank).
 */
@ApplicationScoped
public class RunProcessor {

    private static final Logger LOG = Logger.getLogger(RunProcessor.class);

    private final ActionCatalog catalog;
    private final RunExecutor executor;
    private final RetryPolicy policy;
    private final Cancellations cancellations;
    private final RunEventPublisher events;
    private final DeadLetterPublisher deadLetters;
    private final RunMetrics metrics;
    private final String workerId;

    public RunProcessor(ActionCatalog catalog, RunExecutor executor, RetryPolicy policy, Cancellations cancellations,
                        RunEventPublisher events, DeadLetterPublisher deadLetters, RunMetrics metrics,
                        WorkerIdentity worker) {
        this.catalog = catalog;
        this.executor = executor;
        this.policy = policy;
        this.cancellations = cancellations;
        this.events = events;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.workerId = worker.id();
    }

    /**
     * Completes once the record is acked, or left unacked for the partition's next owner (a publish given up at
     * shutdown); never fails, and never nacks, so one record cannot stop the stream.
     */
    public Uni<Void> process(IncomingRun run) {
        return route(run)
                .chain(() -> Uni.createFrom().completionStage(run.message()::ack))
                .onFailure().recoverWithItem(failure -> {
                    // Expected only at shutdown; otherwise a bug, and the stalled commits will show it.
                    LOG.warnf(failure, "Leaving %s unacked, for redelivery", run.where());
                    return null;
                });
    }

    private Uni<Void> route(IncomingRun run) {
        if (run.request().isEmpty()) {
            LOG.errorf("%s is not a RunRequested: copied to the dead-letter topic as it is", run.where());
            return deadLetters.undecodable(run.message())
                    .invoke(() -> metrics.deadLettered(RunMetrics.UNKNOWN_ACTION, DeadLetterReason.UNDECODABLE));
        }
        RunRequested request = run.request().get();
        String action = request.getRun().getAction();
        if (request.getRun().getRunId().isEmpty()) {
            // Nothing to report DEAD about: only the dead letter tells.
            LOG.errorf("%s has no run id: sent to the dead-letter topic", run.where());
            return deadLetters.deadLetter(run.message(), RunEvents.deadLetter(request, RunErrors.missingRunId()),
                            DeadLetterReason.UNPROCESSABLE)
                    .invoke(() -> metrics.deadLettered(action, DeadLetterReason.UNPROCESSABLE));
        }
        if (!catalog.names().contains(action)) {
            // No worker of this version can run it: retrying would only fail again.
            return conclude(run, request, new Verdict.Dead(
                    RunErrors.of(new UnknownActionException(action, catalog.names())),
                    DeadLetterReason.UNPROCESSABLE), Optional.empty());
        }
        Attempt attempt = cancellations.begin(request);
        Uni<Void> handled = attempt.cancelled()
                ? conclude(run, request, new Verdict.Cancelled(RunErrors.cancelled("Cancelled before it started")),
                        Optional.empty())
                : execute(run, request, attempt);
        return handled.onTermination().invoke(() -> cancellations.end(attempt));
    }

    private Uni<Void> execute(IncomingRun run, RunRequested request, Attempt attempt) {
        Instant startedAt = Instant.now();
        return events.publish(RunEvents.running(request, workerId, startedAt), request.getTraceparent())
                .invoke(() -> metrics.started(request, startedAt))
                .chain(() -> metrics.executing(executor.execute(request, attempt)))
                .chain(outcome -> conclude(run, request, policy.decide(request, outcome), Optional.of(startedAt)));
    }

    /** Publishes what the verdict means; {@code startedAt} is empty when the attempt never ran. */
    private Uni<Void> conclude(IncomingRun run, RunRequested request, Verdict verdict, Optional<Instant> startedAt) {
        Instant finishedAt = Instant.now();
        String action = request.getRun().getAction();
        String trace = request.getTraceparent();
        metrics.completed(action, verdict.status(), startedAt.map(at -> Duration.between(at, finishedAt)));
        return switch (verdict) {
            case Verdict.Succeeded(String resultJson) -> events.publish(
                    RunEvents.succeeded(request, resultJson, workerId, startedAt.orElseThrow(), finishedAt), trace);
            case Verdict.Failed(var error) -> events.publish(
                    RunEvents.ended(request, RunStatus.FAILED, error, workerId, startedAt, finishedAt), trace);
            case Verdict.Cancelled(var error) -> events.publish(
                    RunEvents.ended(request, RunStatus.CANCELLED, error, workerId, startedAt, finishedAt), trace);
            case Verdict.Retrying(var error, Duration backoff) -> events.publish(
                            RunEvents.retrying(request, error, workerId, finishedAt), trace)
                    .chain(() -> events.retry(RunEvents.nextAttempt(request, finishedAt.plus(backoff))));
            case Verdict.Dead(var error, DeadLetterReason reason) -> events.publish(
                            RunEvents.ended(request, RunStatus.DEAD, error, workerId, startedAt, finishedAt), trace)
                    .chain(() -> deadLetters.deadLetter(run.message(), RunEvents.deadLetter(request, error), reason))
                    .invoke(() -> metrics.deadLettered(action, reason));
        };
    }
}
