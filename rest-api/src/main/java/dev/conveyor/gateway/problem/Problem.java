package dev.conveyor.gateway.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** An RFC 9457 problem document, the body of every error response (documented by ProblemResponsesFilter). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance,
                      List<Violation> violations) {

    public static final String TYPE_PREFIX = "urn:conveyor:problem:";
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(ApiException e, String instance) {
        ProblemKind kind = e.kind();
        return new Problem(kind.type(), kind.title(), kind.httpStatus(), e.detail(), instance, e.violations());
    }

    public static Problem of(int status, String slug, String title, String detail, String instance) {
        return new Problem(TYPE_PREFIX + slug, title, status, detail, instance, List.of());
    }
}
