package dev.conveyor.worker.run;

import dev.conveyor.actions.ActionCatalog;
import dev.conveyor.actions.UnknownActionException;
import dev.conveyor.proto.RunRequested;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.worker.WorkerConfig;
import dev.conveyor.worker.WorkerIdentity;
import dev.conveyor.worker.cancel.Attempt;
import dev.conveyor.worker.cancel.Cancellations;
import dev.conveyor.worker.kafka.DeadLetterPublisher;
import dev.conveyor.worker.kafka.DeadLetterReason;
import dev.conveyor.worker.kafka.RunEventPublisher;
import dev.conveyor.worker.tracing.RunTracing;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One record of pending-tasks or pending-tasks-retry, start to finish (docs/RUN-SEMANTICS.md): execute (RUNNING
 * once the attempt outlives the report delay, {@link StartReport}), the verdict's events, and only then the ack, so
 * a crash at any point leaves the record uncommitted and another worker runs the attempt again (at-least-once;
 * consumers deduplicate by rank).
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
    private final RunTracing tracing;
    private final String workerId;
    private final Duration reportRunningAfter;
    private final Vertx vertx;

    public RunProcessor(ActionCatalog catalog, RunExecutor executor, RetryPolicy policy, Cancellations cancellations,
                        RunEventPublisher events, DeadLetterPublisher deadLetters, RunMetrics metrics,
                        RunTracing tracing, WorkerIdentity worker, WorkerConfig config, Vertx vertx) {
        this.catalog = catalog;
        this.executor = executor;
        this.policy = policy;
        this.cancellations = cancellations;
        this.events = events;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.tracing = tracing;
        this.workerId = worker.id();
        this.reportRunningAfter = config.reportRunningAfter();
        this.vertx = vertx;
    }

    /**
     * Completes once the record is acked, or left unacked for the partition's next owner (a publish given up at
     * shutdown); never fails, and never nacks, so one record cannot stop the stream. The record is worked on a
     * context of its own, which puts its run's ids on every line logged about it.
     */
    public Uni<Void> process(IncomingRun run) {
        RunLogContext context = RunLogContext.create(vertx, run.request().map(RunRequested::getRun));
        return context.run(() -> tracing.processing(run.message(), run.request().orElse(null),
                        () -> route(run, context)))
                .chain(() -> Uni.createFrom().completionStage(run.message()::ack))
                .emitOn(context)
                .onFailure().recoverWithItem(failure -> {
                    // Expected only at shutdown; otherwise a bug, and the stalled commits will show it.
                    LOG.warnf(failure, "Leaving %s unacked, for redelivery", run.where());
                    return null;
                });
    }

    private Uni<Void> route(IncomingRun run, RunLogContext context) {
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
                    DeadLetterReason.UNPROCESSABLE), Optional.empty(), context);
        }
        Attempt attempt = cancellations.begin(request);
        Uni<Void> handled = attempt.cancelled()
                ? conclude(run, request, new Verdict.Cancelled(RunErrors.cancelled("Cancelled before it started")),
                        Optional.empty(), context)
                : execute(run, request, attempt, context);
        return handled.onTermination().invoke(() -> cancellations.end(attempt));
    }

    private Uni<Void> execute(IncomingRun run, RunRequested request, Attempt attempt, RunLogContext context) {
        Instant startedAt = Instant.now();
        LOG.infof("Attempt %d of run %s started: action %s", request.getAttempt(), request.getRun().getRunId(),
                request.getRun().getAction());
        return tracing.executing(request, () -> {
            StartReport start = StartReport.after(reportRunningAfter, vertx, () -> events.publish(
                    RunEvents.running(request, workerId, startedAt), request.getTraceparent()));
            metrics.started(request, startedAt);
            return metrics.executing(executor.execute(request, attempt))
                    .emitOn(context)
                    .chain(outcome -> {
                        Verdict verdict = policy.decide(request, outcome);
                        Uni<Void> started = verdict instanceof Verdict.Retrying
                                ? start.beforeRetrying() : start.beforeCompletion();
                        return started.emitOn(context)
                                .chain(() -> conclude(run, request, verdict, Optional.of(startedAt), context));
                    });
        });
    }

    /** Publishes what the verdict means; {@code startedAt} is empty when the attempt never ran. */
    private Uni<Void> conclude(IncomingRun run, RunRequested request, Verdict verdict, Optional<Instant> startedAt,
                               RunLogContext context) {
        Instant finishedAt = Instant.now();
        String action = request.getRun().getAction();
        Optional<Duration> took = startedAt.map(at -> Duration.between(at, finishedAt));
        metrics.completed(action, verdict.status(), took);
        RunTracing.outcome(verdict.status());
        return publish(run, request, verdict, startedAt, finishedAt)
                .emitOn(context)
                .invoke(() -> logEnd(request, verdict, took));
    }

    private Uni<Void> publish(IncomingRun run, RunRequested request, Verdict verdict, Optional<Instant> startedAt,
                              Instant finishedAt) {
        String action = request.getRun().getAction();
        String trace = request.getTraceparent();
        Optional<Instant> requestedAt = run.requestedAt();
        return switch (verdict) {
            case Verdict.Succeeded(String resultJson) -> events.publish(RunEvents.succeeded(
                    request, requestedAt, resultJson, workerId, startedAt.orElseThrow(), finishedAt), trace);
            case Verdict.Failed(var error) -> events.publish(RunEvents.ended(
                    request, requestedAt, RunStatus.FAILED, error, workerId, startedAt, finishedAt), trace);
            case Verdict.Cancelled(var error) -> events.publish(RunEvents.ended(
                    request, requestedAt, RunStatus.CANCELLED, error, workerId, startedAt, finishedAt), trace);
            case Verdict.Retrying(var error, Duration backoff) -> {
                // Made here, not once RETRYING is acknowledged (on a Kafka thread): its span joins the attempt's.
                Uni<Void> next = events.retry(RunEvents.nextAttempt(request, finishedAt.plus(backoff)));
                yield events.publish(RunEvents.retrying(request, error, workerId, finishedAt), trace).chain(() -> next);
            }
            case Verdict.Dead(var error, DeadLetterReason reason) -> events.publish(RunEvents.ended(
                            request, requestedAt, RunStatus.DEAD, error, workerId, startedAt, finishedAt), trace)
                    .chain(() -> deadLetters.deadLetter(run.message(), RunEvents.deadLetter(request, error), reason))
                    .invoke(() -> metrics.deadLettered(action, reason));
        };
    }

    /**
     * One line per attempt's end, once its outcome is published: the error's code, never its message (a user's
     * input may be in it) nor the result.
     */
    private static void logEnd(RunRequested request, Verdict verdict, Optional<Duration> took) {
        String attempt = "Attempt " + request.getAttempt() + " of run " + request.getRun().getRunId();
        String after = took.map(duration -> " after " + duration.toMillis() + " ms").orElse(" without running");
        switch (verdict) {
            case Verdict.Succeeded ignored -> LOG.infof("%s SUCCEEDED%s", attempt, after);
            case Verdict.Retrying(var error, Duration backoff) -> LOG.infof("%s failed%s (%s); attempt %d in %d ms",
                    attempt, after, error.getCode(), request.getAttempt() + 1, backoff.toMillis());
            case Verdict.Failed(var error) -> LOG.infof("%s FAILED%s (%s)", attempt, after, error.getCode());
            case Verdict.Cancelled(var error) -> LOG.infof("%s CANCELLED%s (%s)", attempt, after, error.getCode());
            case Verdict.Dead(var error, var reason) -> LOG.warnf("%s DEAD%s (%s), dead-lettered: %s", attempt, after,
                    error.getCode(), reason);
        }
    }
}
