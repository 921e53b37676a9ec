package dev.conveyor.worker.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.conveyor.actions.Action;
import dev.conveyor.actions.ActionCatalog;
import dev.conveyor.actions.ActionContext;
import dev.conveyor.actions.SleepAction;
import dev.conveyor.proto.RunRef;
import dev.conveyor.proto.RunRequested;
import dev.conveyor.worker.FixedConfig;
import dev.conveyor.worker.WorkerConfig;
import dev.conveyor.worker.cancel.Attempt;
import dev.conveyor.worker.cancel.CancelledRuns;
import dev.conveyor.worker.cancel.Cancellations;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Validation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The executor without Quarkus: threads, timeouts, cancellation and input parsing. */
class RunExecutorTest {

    /** Reports the thread it ran on, to show where CPU-bound work goes. */
    static class ThreadNameAction implements Action<ThreadNameAction.Input> {

        record Input(Boolean unused) {
        }

        private final boolean cpuBound;

        ThreadNameAction(boolean cpuBound) {
            this.cpuBound = cpuBound;
        }

        @Override
        public String name() {
            return cpuBound ? "cpu-thread" : "caller-thread";
        }

        @Override
        public Class<Input> inputType() {
            return Input.class;
        }

        @Override
        public boolean cpuBound() {
            return cpuBound;
        }

        @Override
        public Uni<JsonNode> execute(Input input, ActionContext context) {
            return Uni.createFrom().item(() -> JsonNodeFactory.instance.textNode(Thread.currentThread().getName()));
        }
    }

    /** Keeps a CPU thread busy until told to stop, then says so: the stop flag is all that can end it. */
    static class SpinAction implements Action<SpinAction.Input> {

        record Input(Boolean unused) {
        }

        final CompletableFuture<Void> stopped = new CompletableFuture<>();

        @Override
        public String name() {
            return "spin";
        }

        @Override
        public Class<Input> inputType() {
            return Input.class;
        }

        @Override
        public boolean cpuBound() {
            return true;
        }

        @Override
        public Uni<JsonNode> execute(Input input, ActionContext context) {
            return Uni.createFrom().item(() -> {
                while (!context.cancelled().getAsBoolean()) {
                    Thread.onSpinWait();
                }
                stopped.complete(null);
                return JsonNodeFactory.instance.nullNode();
            });
        }
    }

    private final WorkerConfig config = FixedConfig.withDefaultTimeout(Duration.ofMillis(300));
    private final SpinAction spin = new SpinAction();
    private final CpuPool cpuPool = new CpuPool(config);
    private final Cancellations cancellations = new Cancellations(new CancelledRuns(config));
    private final RunExecutor executor = new RunExecutor(
            new ActionCatalog(List.of(new ThreadNameAction(true), new ThreadNameAction(false), new SleepAction(),
                    spin), new ObjectMapper(), Validation.buildDefaultValidatorFactory().getValidator()),
            cpuPool, new ObjectMapper(), config);

    @AfterEach
    void closePool() {
        cpuPool.close();
    }

    @Test
    void runsCpuBoundActionsOnTheCpuPool() {
        assertEquals("\"cpu-action-0\"", succeeded(execute("cpu-thread", "{}", 0)));
    }

    @Test
    void runsOtherActionsWhereTheyAreSubscribed() {
        assertEquals('"' + Thread.currentThread().getName() + '"', succeeded(execute("caller-thread", "{}", 0)));
    }

    @Test
    void failsWithTimeoutAfterTheRunsOwnTimeout() {
        var error = failed(execute("sleep", "{\"millis\":600000}", 100));
        assertEquals("TIMEOUT", error.getCode());
        assertEquals("No result within 100 ms", error.getMessage());
        assertTrue(error.getRetryable());
    }

    @Test
    void usesTheDefaultTimeoutWhenTheRequestHasNone() {
        assertEquals("No result within 300 ms", failed(execute("sleep", "{\"millis\":600000}", 0)).getMessage());
    }

    @Test
    void stopsAbandonedCpuBoundWorkAfterTheTimeout() throws Exception {
        assertEquals("TIMEOUT", failed(execute("spin", "{}", 100)).getCode());

        // The CPU thread cannot be interrupted; the raised stop flag is what ends the work.
        spin.stopped.get(10, TimeUnit.SECONDS);
    }

    @Test
    void endsAWaitingAttemptAsSoonAsItsRunIsCancelled() throws Exception {
        RunRequested request = request("sleep", "{\"millis\":600000}", 600_000);
        Attempt attempt = cancellations.begin(request);
        CompletableFuture<RunOutcome> outcome = executor.execute(request, attempt).subscribeAsCompletionStage();

        cancellations.cancel("run-1", Instant.now());

        // Ten minutes of sleep and of timeout: only the cancellation can end it within the wait.
        assertInstanceOf(RunOutcome.Cancelled.class, outcome.get(10, TimeUnit.SECONDS));
    }

    @Test
    void reportsMalformedJsonAsInvalidInput() {
        var error = failed(execute("sleep", "{millis:", 0));
        assertEquals("INVALID_INPUT", error.getCode());
        assertEquals("Invalid input for action 'sleep': input is not valid JSON", error.getMessage());
    }

    @Test
    void treatsAnEmptyInputAsAnEmptyObject() {
        assertEquals("Invalid input for action 'sleep': input.millis is required",
                failed(execute("sleep", "", 0)).getMessage());
    }

    @Test
    void reportsAnUnknownAction() {
        assertEquals("UNKNOWN_ACTION", failed(execute("teleport", "{}", 0)).getCode());
    }

    private RunOutcome execute(String action, String input, long timeoutMs) {
        RunRequested request = request(action, input, timeoutMs);
        return executor.execute(request, cancellations.begin(request)).await().atMost(Duration.ofSeconds(10));
    }

    private static RunRequested request(String action, String input, long timeoutMs) {
        return RunRequested.newBuilder()
                .setRun(RunRef.newBuilder().setRunId("run-1").setAction(action))
                .setInputJson(input)
                .setAttempt(1)
                .setTimeoutMs(timeoutMs)
                .build();
    }

    private static String succeeded(RunOutcome outcome) {
        return assertInstanceOf(RunOutcome.Succeeded.class, outcome).resultJson();
    }

    private static dev.conveyor.proto.RunError failed(RunOutcome outcome) {
        return assertInstanceOf(RunOutcome.Failed.class, outcome).error();
    }
}
