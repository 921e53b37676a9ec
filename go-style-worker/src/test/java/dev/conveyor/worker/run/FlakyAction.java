package dev.conveyor.worker.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.conveyor.actions.Action;
import dev.conveyor.actions.ActionContext;
import dev.conveyor.actions.ActionFailedException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** A test-only action: fails retryably until a given attempt, then succeeds. A retry that is sure to recover. */
@ApplicationScoped
public class FlakyAction implements Action<FlakyAction.Input> {

    static final String CODE = "FLAKY";

    public record Input(@NotNull @Min(1) Integer succeedOnAttempt) {
    }

    @Override
    public String name() {
        return "flaky";
    }

    @Override
    public Class<Input> inputType() {
        return Input.class;
    }

    @Override
    public Uni<JsonNode> execute(Input input, ActionContext context) {
        return Uni.createFrom().item(() -> {
            if (context.attempt() < input.succeedOnAttempt()) {
                throw new ActionFailedException(CODE, "fails until attempt " + input.succeedOnAttempt(), true);
            }
            return JsonNodeFactory.instance.objectNode().put("attempt", context.attempt());
        });
    }
}
