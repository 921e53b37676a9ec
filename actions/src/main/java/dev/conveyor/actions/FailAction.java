package dev.conveyor.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Size;

import java.util.concurrent.ThreadLocalRandom;

/** Fails on purpose, retryable or not, with a probability: for drills, retry tests and alerts. */
@ApplicationScoped
public class FailAction implements Action<FailAction.Input> {

    static final String CODE = "INTENTIONAL_FAILURE";

    @RegisterForReflection
    public record Input(
            @Size(max = 1000) String message,
            Boolean retryable,
            @DecimalMin("0.0") @DecimalMax("1.0") Double probability) {

        public Input {
            message = message == null ? "intentional failure" : message;
            retryable = retryable != null && retryable;
            probability = probability == null ? 1.0 : probability;
        }
    }

    @Override
    public String name() {
        return "fail";
    }

    @Override
    public Class<Input> inputType() {
        return Input.class;
    }

    @Override
    public Uni<JsonNode> execute(Input input, ActionContext context) {
        // Drawn on subscription, so each attempt of a run rolls the dice again.
        return Uni.createFrom().item(() -> {
            if (ThreadLocalRandom.current().nextDouble() < input.probability()) {
                throw new ActionFailedException(CODE, input.message(), input.retryable());
            }
            return JsonNodeFactory.instance.objectNode().put("failed", false);
        });
    }
}
