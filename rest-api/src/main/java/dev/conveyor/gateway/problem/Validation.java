package dev.conveyor.gateway.problem;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Bean Validation of API models inside the business services, so REST and gRPC requests are checked by the
 * same constraints (declared on the models) and fail the same way.
 */
@ApplicationScoped
public class Validation {

    private final Validator validator;

    public Validation(Validator validator) {
        this.validator = validator;
    }

    /** The model itself when valid, otherwise a failure listing every violation. */
    public <T> Uni<T> check(T model) {
        if (model == null) {
            return Uni.createFrom().failure(ApiException.invalid("body", "a JSON object is required"));
        }
        Set<ConstraintViolation<T>> violations = validator.validate(model);
        return violations.isEmpty()
                ? Uni.createFrom().item(model)
                : Uni.createFrom().failure(ApiException.invalid(violations(violations)));
    }

    static List<Violation> violations(Set<? extends ConstraintViolation<?>> violations) {
        return violations.stream()
                .map(v -> new Violation(field(v.getPropertyPath()), v.getMessage()))
                .sorted(Comparator.comparing(Violation::field))
                .toList();
    }

    /** The property path without method and parameter prefixes ("create.arg0.title" becomes "title"). */
    private static String field(Path path) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getKind() == jakarta.validation.ElementKind.PROPERTY) {
                field.append(field.isEmpty() ? "" : ".").append(node.getName());
            }
        }
        return field.isEmpty() ? path.toString() : field.toString();
    }
}
