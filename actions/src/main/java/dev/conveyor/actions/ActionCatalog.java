package dev.conveyor.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.All;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validator;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every registered {@link Action} by name. The gateway validates task inputs here and the worker executes runs here,
 * so both apply exactly the same rules.
 */
@ApplicationScoped
public class ActionCatalog {

    private final SortedMap<String, Action<?>> actions = new TreeMap<>();
    private final ActionInputReader reader;
    private final Validator validator;

    public ActionCatalog(@All List<Action<?>> actions, ObjectMapper mapper, Validator validator) {
        for (Action<?> action : actions) {
            Action<?> previous = this.actions.putIfAbsent(action.name(), action);
            if (previous != null) {
                throw new IllegalStateException("Two actions are named '" + action.name() + "': "
                        + previous.getClass().getName() + " and " + action.getClass().getName());
            }
        }
        this.reader = new ActionInputReader(mapper);
        this.validator = validator;
    }

    public SortedSet<String> names() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(actions.keySet()));
    }

    /** The action registered under a name. */
    public Action<?> action(String name) {
        Action<?> action = name == null ? null : actions.get(name);
        if (action == null) {
            throw new UnknownActionException(name, names());
        }
        return action;
    }

    /**
     * Parses and validates an input for an action.
     *
     * @return the action's input record
     * @throws UnknownActionException       no action has this name
     * @throws InvalidActionInputException the input does not parse or breaks a constraint; carries every violation
     */
    public Object validate(String action, JsonNode input) {
        return validate(action(action), input);
    }

    /** Validates the input, then runs the action. Failures (including validation) come as a failed Uni. */
    public Uni<JsonNode> execute(String action, JsonNode input, ActionContext context) {
        return Uni.createFrom().deferred(() -> run(action(action), input, context));
    }

    private <I> Uni<JsonNode> run(Action<I> action, JsonNode input, ActionContext context) {
        return action.execute(validate(action, input), context);
    }

    private <I> I validate(Action<I> action, JsonNode input) {
        I parsed = reader.read(action, input);
        Set<ConstraintViolation<I>> violations = validator.validate(parsed);
        if (!violations.isEmpty()) {
            throw new InvalidActionInputException(action.name(), violations.stream()
                    .map(v -> new Violation(fieldOf(v.getPropertyPath()), v.getMessage()))
                    .sorted(Comparator.comparing(Violation::field).thenComparing(Violation::message))
                    .toList());
        }
        return parsed;
    }

    /** {@code numbers[2].<list element>} in Bean Validation terms becomes {@code input.numbers[2]}. */
    private static String fieldOf(Path path) {
        StringBuilder field = new StringBuilder(ActionInputReader.ROOT);
        for (Path.Node node : path) {
            if (node.isInIterable()) {
                field.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            if (node.getName() != null && node.getKind() != ElementKind.CONTAINER_ELEMENT) {
                field.append('.').append(node.getName());
            }
        }
        return field.toString();
    }
}
