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
import dev.conveyor.worker.WorkerConfig;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Validation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The executor without Quarkus: threads, timeouts and input parsing. */
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

    /** A plain record: Quarkus indexes test classes, and an anonymous class may not carry the config's constraints. */
    record FixedConfig(Optional<String> id, int maxInFlight, Duration defaultTimeout, OptionalInt cpuThreads)
            implements WorkerConfig {
    }

    private final WorkerConfig config =
            new FixedConfig(Optional.empty(), 64, Duration.ofMillis(300), OptionalInt.of(1));

    private final CpuPool cpuPool = new CpuPool(config);
    private final RunExecutor executor = new RunExecutor(
            new ActionCatalog(List.of(new ThreadNameAction(true), new ThreadNameAction(false), new SleepAction()),
                    new ObjectMapper(), Validation.buildDefaultValidatorFactory().getValidator()),
            cpuPool, new ObjectMapper(), config);

    @AfterEach
    void closePool() {
        cpuPool.close();
    }

    @Test
    void runsCpuBoundActionsOnTheCpuPool() {
        assertEquals("\"cpu-action-0\"", execute("cpu-thread", "{}", 0).resultJson());
    }

    @Test
    void runsOtherActionsWhereTheyAreSubscribed() {
        assertEquals('"' + Thread.currentThread().getName() + '"', execute("caller-thread", "{}", 0).resultJson());
    }

    @Test
    void failsWithTimeoutAfterTheRunsOwnTimeout() {
        RunOutcome outcome = execute("sleep", "{\"millis\":600000}", 100);
        assertEquals("TIMEOUT", outcome.error().getCode());
        assertEquals("No result within 100 ms", outcome.error().getMessage());
        assertTrue(outcome.error().getRetryable());
    }

    @Test
    void usesTheDefaultTimeoutWhenTheRequestHasNone() {
        assertEquals("No result within 300 ms", execute("sleep", "{\"millis\":600000}", 0).error().getMessage());
    }

    @Test
    void reportsMalformedJsonAsInvalidInput() {
        RunOutcome outcome = execute("sleep", "{millis:", 0);
        assertEquals("INVALID_INPUT", outcome.error().getCode());
        assertEquals("Invalid input for action 'sleep': input is not valid JSON", outcome.error().getMessage());
    }

    @Test
    void treatsAnEmptyInputAsAnEmptyObject() {
        assertEquals("Invalid input for action 'sleep': input.millis is required",
                execute("sleep", "", 0).error().getMessage());
    }

    @Test
    void reportsAnUnknownAction() {
        assertEquals("UNKNOWN_ACTION", execute("teleport", "{}", 0).error().getCode());
    }

    private RunOutcome execute(String action, String input, long timeoutMs) {
        RunRequested request = RunRequested.newBuilder()
                .setRun(RunRef.newBuilder().setRunId("run-1").setAction(action))
                .setInputJson(input)
                .setAttempt(1)
                .setTimeoutMs(timeoutMs)
                .build();
        return executor.execute(request).await().atMost(Duration.ofSeconds(10));
    }
}
