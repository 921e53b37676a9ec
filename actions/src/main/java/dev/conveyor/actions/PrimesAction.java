package dev.conveyor.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.util.BitSet;

/** Counts the primes up to a limit (inclusive) with a sieve of Eratosthenes. Stops early once the run is cancelled. */
@ApplicationScoped
public class PrimesAction implements Action<PrimesAction.Input> {

    @RegisterForReflection
    public record Input(@NotNull(message = "is required") @Min(2) @Max(50_000_000) Integer limit) {
    }

    @Override
    public String name() {
        return "primes";
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
        return Uni.createFrom().item(() -> JsonNodeFactory.instance.objectNode()
                .put("limit", input.limit())
                .put("count", countPrimes(input.limit(), context)));
    }

    /**
     * Sieves odd numbers only: bit i stands for 2i+1, so 50 million needs about 3 MB. Checks for cancellation once per
     * prime whose multiples it strikes out: at most a few milliseconds apart.
     */
    static int countPrimes(int limit, ActionContext context) {
        int odds = (limit + 1) / 2;
        BitSet composite = new BitSet(odds);
        composite.set(0); // 1 is not prime
        for (long p = 3; p * p <= limit; p += 2) {
            if (!composite.get((int) (p / 2))) {
                context.stopIfCancelled();
                for (long multiple = p * p; multiple <= limit; multiple += 2 * p) {
                    composite.set((int) (multiple / 2));
                }
            }
        }
        return 1 + odds - composite.cardinality(); // 1 for the prime 2
    }
}
