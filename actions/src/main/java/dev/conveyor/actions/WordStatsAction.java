package dev.conveyor.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Word count, distinct words and the most frequent words of a text (case-insensitive, any script). */
@ApplicationScoped
public class WordStatsAction implements Action<WordStatsAction.Input> {

    /** Words are runs of Unicode letters, combining marks and digits; everything else separates them. */
    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{M}\\p{N}]+");

    /** Most frequent first; equally frequent words alphabetically, so the result is deterministic. */
    private static final Comparator<Map.Entry<String, Integer>> RANKING =
            Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey());

    @RegisterForReflection
    public record Input(
            @NotNull(message = "is required") @Size(max = Limits.MAX_TEXT_CHARS) String text,
            @Min(1) @Max(100) Integer top) {

        public Input {
            top = top == null ? 10 : top;
        }
    }

    @Override
    public String name() {
        return "word-stats";
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
        return Uni.createFrom().item(() -> stats(input.text(), input.top()));
    }

    private static JsonNode stats(String text, int top) {
        Map<String, Integer> counts = new HashMap<>();
        int words = 0;
        for (String word : SEPARATORS.split(text.toLowerCase(Locale.ROOT))) {
            if (!word.isEmpty()) { // a leading separator yields one empty token
                counts.merge(word, 1, Integer::sum);
                words++;
            }
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode()
                .put("words", words)
                .put("distinct", counts.size());
        ArrayNode ranked = result.putArray("top");
        counts.entrySet().stream()
                .sorted(RANKING)
                .limit(top)
                .forEach(e -> ranked.addObject().put("word", e.getKey()).put("count", e.getValue()));
        return result;
    }
}
