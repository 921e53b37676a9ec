package dev.conveyor.actions;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.type.LogicalType;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Parses a JSON input into an action's input record, strictly: unknown properties, numbers given as strings,
 * fractions for integers and the like are rejected, and every Jackson error becomes a {@link Violation} with the
 * JSON path of the offending value and a message without Java class names.
 */
final class ActionInputReader {

    static final String ROOT = "input";

    private final ObjectMapper strict;

    ActionInputReader(ObjectMapper mapper) {
        // A copy, so the application's own mapper keeps its (more lenient) settings.
        strict = mapper.copy()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        strict.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        strict.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        strict.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        strict.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }

    <I> I read(Action<I> action, JsonNode input) {
        // An absent input is an empty object: defaults apply and required fields are reported one by one.
        JsonNode json = input == null || input.isNull() || input.isMissingNode()
                ? JsonNodeFactory.instance.objectNode()
                : input;
        try {
            return strict.treeToValue(json, action.inputType());
        } catch (JacksonException e) {
            throw new InvalidActionInputException(action.name(), List.of(violationOf(e)));
        }
    }

    private static Violation violationOf(JacksonException e) {
        String field = e instanceof JsonMappingException mapping ? pathOf(mapping.getPath()) : ROOT;
        return new Violation(field, messageOf(e));
    }

    private static String messageOf(JacksonException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "is not a known property (allowed: " + String.join(", ", names(unknown.getKnownPropertyIds())) + ")";
        }
        if (e instanceof InputCoercionException || e.getCause() instanceof InputCoercionException) {
            return "is out of range";
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "must be " + jsonTypeOf(mismatch.getTargetType());
        }
        return "has an invalid value";
    }

    private static TreeSet<String> names(Collection<Object> ids) {
        TreeSet<String> names = new TreeSet<>();
        ids.forEach(id -> names.add(String.valueOf(id)));
        return names;
    }

    private static String pathOf(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder(ROOT);
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                field.append('.').append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    /** The JSON type a client must send for a Java target type, in words. */
    private static String jsonTypeOf(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }
}
