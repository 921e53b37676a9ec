package dev.conveyor.actions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.Validation;
import org.hibernate.validator.HibernateValidator;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** Builds the catalog as CDI would, without Quarkus, and runs actions through it. */
final class Catalogs {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** English messages whatever the machine's locale, so the assertions on messages hold everywhere. */
    static final ActionCatalog CATALOG = new ActionCatalog(
            List.of(new HashAction(), new PrimesAction(), new SumAction(), new WordStatsAction(),
                    new SleepAction(), new FailAction()),
            MAPPER,
            Validation.byProvider(HibernateValidator.class).configure()
                    .defaultLocale(Locale.ENGLISH)
                    .buildValidatorFactory()
                    .getValidator());

    private Catalogs() {
    }

    static JsonNode json(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode run(String action, String input) {
        return CATALOG.execute(action, json(input), ActionContext.of("run-1", 1))
                .await().atMost(Duration.ofSeconds(30));
    }

    /** Runs an action whose run is already cancelled, and returns the failure it stopped with. */
    static ActionFailedException runCancelled(String action, String input) {
        return assertThrows(ActionFailedException.class,
                () -> CATALOG.execute(action, json(input), new ActionContext("run-1", 1, () -> true))
                        .await().atMost(Duration.ofSeconds(30)));
    }
}
