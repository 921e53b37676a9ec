package dev.conveyor.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.util.List;

/** Exact sum of a list of numbers: BigDecimal, so 0.1 + 0.2 is 0.3. */
@ApplicationScoped
public class SumAction implements Action<SumAction.Input> {

    @RegisterForReflection
    public record Input(
            @NotNull(message = "is required") @Size(min = 1, max = 100_000)
            List<@NotNull(message = "must be a number") BigDecimal> numbers) {
    }

    @Override
    public String name() {
        return "sum";
    }

    @Override
    public Class<Input> inputType() {
        return Input.class;
    }

    @Override
    public Uni<JsonNode> execute(Input input, ActionContext context) {
        return Uni.createFrom().item(() -> {
            BigDecimal sum = input.numbers().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            return JsonNodeFactory.instance.objectNode()
                    .put("count", input.numbers().size())
                    .set("sum", DecimalNode.valueOf(canonical(sum)));
        });
    }

    /**
     * The same value always gives the same JSON whatever the inputs' notation: no trailing zeros (1.50 + 1.50 is 3),
     * and never a negative scale, which would print as 1E+3.
     */
    static BigDecimal canonical(BigDecimal sum) {
        BigDecimal stripped = sum.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
