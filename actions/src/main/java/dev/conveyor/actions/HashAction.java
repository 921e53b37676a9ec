package dev.conveyor.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Iterated SHA-256: hash the UTF-8 text, then hash the digest again {@code iterations - 1} times. Stops early once the
 * run is cancelled.
 */
@ApplicationScoped
public class HashAction implements Action<HashAction.Input> {

    @RegisterForReflection
    public record Input(
            @NotNull(message = "is required") @Size(max = Limits.MAX_TEXT_CHARS) String text,
            @Min(1) @Max(100_000) Integer iterations) {

        public Input {
            iterations = iterations == null ? 1 : iterations;
        }
    }

    /** Iterations between two cancellation checks: a few microseconds of work, so a cancelled run stops at once. */
    static final int CANCEL_CHECK_EVERY = 1024;

    @Override
    public String name() {
        return "hash";
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
            MessageDigest sha256 = sha256();
            byte[] digest = sha256.digest(input.text().getBytes(StandardCharsets.UTF_8));
            for (int i = 1; i < input.iterations(); i++) {
                if (i % CANCEL_CHECK_EVERY == 0) {
                    context.stopIfCancelled();
                }
                digest = sha256.digest(digest);
            }
            return JsonNodeFactory.instance.objectNode()
                    .put("algorithm", "SHA-256")
                    .put("iterations", input.iterations())
                    .put("hex", HexFormat.of().formatHex(digest));
        });
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform must provide SHA-256", e);
        }
    }
}
