package dev.conveyor.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * Waits, simulating I/O: a timer, not a blocked thread, so thousands of sleeps can be in flight on a few threads.
 * Ends early with {@code CANCELLED} once the run is cancelled.
 */
@ApplicationScoped
public class SleepAction implements Action<SleepAction.Input> {

    /** How often cancellation is polled: often enough to stop promptly, rare enough to cost nothing. */
    static final Duration CANCEL_POLL = Duration.ofMillis(100);

    @RegisterForReflection
    public record Input(@NotNull(message = "is required") @Min(0) @Max(600_000) Integer millis) {
    }

    @Override
    public String name() {
        return "sleep";
    }

    @Override
    public Class<Input> inputType() {
        return Input.class;
    }

    @Override
    public Uni<JsonNode> execute(Input input, ActionContext context) {
        Uni<JsonNode> slept = Uni.createFrom().<JsonNode>item(() -> JsonNodeFactory.instance.objectNode()
                        .put("sleptMillis", input.millis()))
                .onItem().delayIt().by(Duration.ofMillis(input.millis()));
        Uni<JsonNode> cancelled = Multi.createFrom().ticks().every(CANCEL_POLL)
                .select().where(tick -> context.cancelled().getAsBoolean())
                .toUni()
                .onItem().transformToUni(tick -> Uni.createFrom().<JsonNode>failure(
                        ActionContext.cancellation("Run cancelled while sleeping")));
        // Whichever comes first wins; the other (the timer or the polling) is cancelled.
        return Uni.combine().any().of(slept, cancelled);
    }
}
