package dev.conveyor.worker.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.actions.Action;
import dev.conveyor.actions.ActionCatalog;
import dev.conveyor.actions.ActionContext;
import dev.conveyor.actions.InvalidActionInputException;
import dev.conveyor.actions.Violation;
import dev.conveyor.proto.RunError;
import dev.conveyor.proto.RunRequested;
import dev.conveyor.worker.WorkerConfig;
import dev.conveyor.worker.cancel.Attempt;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Runs one attempt through the action catalog, within the run's timeout, until its run is cancelled. Never fails:
 * see {@link RunOutcome}.
 */
@ApplicationScoped
public class RunExecutor {

    private static final Logger LOG = Logger.getLogger(RunExecutor.class);

    private final ActionCatalog catalog;
    private final CpuPool cpuPool;
    private final ObjectMapper mapper;
    private final Duration defaultTimeout;

    public RunExecutor(ActionCatalog catalog, CpuPool cpuPool, ObjectMapper mapper, WorkerConfig config) {
        this.catalog = catalog;
        this.cpuPool = cpuPool;
        this.mapper = mapper;
        this.defaultTimeout = config.defaultTimeout();
    }

    public Uni<RunOutcome> execute(RunRequested request, Attempt attempt) {
        Duration timeout = request.getTimeoutMs() > 0 ? Duration.ofMillis(request.getTimeoutMs()) : defaultTimeout;
        // The outcome is handled back on the caller's context (the run's, see RunLogContext): what is logged about it
        // carries the run's ids, whichever thread (CPU pool, timer) ended the action.
        Executor caller = RunLogContext.caller();
        Uni<RunOutcome> work = Uni.createFrom().deferred(() -> run(request, attempt.context()))
                .ifNoItem().after(timeout).failWith(() -> new RunTimeoutException(timeout))
                .emitOn(caller)
                .<RunOutcome>map(result -> new RunOutcome.Succeeded(result.toString()))
                .onFailure().recoverWithItem(failure -> new RunOutcome.Failed(errorOf(request, failure)));
        Uni<RunOutcome> cancelled = attempt.whenCancelled().replaceWith(new RunOutcome.Cancelled());
        // The first to come wins and the other is cancelled: a cancellation ends a waiting action (sleep) at once.
        // Whatever ended the attempt (result, timeout, cancellation), the stop flag is raised, so a CPU-bound action
        // that cannot be interrupted on its thread stops at its next check instead of finishing unused work.
        return Uni.combine().any().of(work, cancelled)
                .onTermination().invoke(attempt::stop);
    }

    private static RunError errorOf(RunRequested request, Throwable failure) {
        RunError error = RunErrors.of(failure);
        if (RunErrors.ACTION_ERROR.equals(error.getCode())) {
            // A bug or an environment problem, not a reported failure: the event has the message, the log the trace.
            LOG.errorf(failure, "Run %s: action %s failed unexpectedly", request.getRun().getRunId(),
                    request.getRun().getAction());
        }
        return error;
    }

    private Uni<JsonNode> run(RunRequested request, ActionContext context) {
        String name = request.getRun().getAction();
        Action<?> action = catalog.action(name);
        Uni<JsonNode> execution = Uni.createFrom()
                .deferred(() -> catalog.execute(name, parse(name, request.getInputJson()), context));
        // Parsing, validation and the work itself all happen on subscription, so on the CPU pool when CPU-bound.
        return action.cpuBound() ? execution.runSubscriptionOn(cpuPool) : execution;
    }

    private JsonNode parse(String action, String inputJson) {
        if (inputJson.isBlank()) {
            return null; // no input: the catalog treats it as {} so defaults apply
        }
        try {
            return mapper.readTree(inputJson);
        } catch (JsonProcessingException e) {
            throw new InvalidActionInputException(action, List.of(new Violation("input", "is not valid JSON")));
        }
    }
}
