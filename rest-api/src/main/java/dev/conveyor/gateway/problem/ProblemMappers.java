package dev.conveyor.gateway.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Renders every REST failure as application/problem+json (RFC 9457). */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final ObjectMapper json;
    private final BodyLimit bodyLimit;

    public ProblemMappers(ObjectMapper json, BodyLimit bodyLimit) {
        this.json = json;
        this.bodyLimit = bodyLimit;
    }

    @ServerExceptionMapper
    public Response api(ApiException e, HttpServerRequest request) {
        return api(e, request.path());
    }

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class,
            ForbiddenException.class, ConstraintViolationException.class})
    public Response known(RuntimeException e, HttpServerRequest request) {
        return unexpected(e, request);
    }

    @ServerExceptionMapper
    public Response malformed(JsonParseException e, HttpServerRequest request) {
        String reason = e.getOriginalMessage();
        return render(Problem.of(400, "malformed-body", ProblemKind.MALFORMED_BODY.title(),
                "The body is not valid JSON: " + reason, request.path()));
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, HttpServerRequest request) {
        String field = field(e.getPath());
        if (field.isEmpty()) {
            return render(Problem.of(400, "malformed-body", ProblemKind.MALFORMED_BODY.title(),
                    "The body must be a JSON object", request.path()));
        }
        return api(ApiException.invalid(field, expected(e)), request.path());
    }

    @ServerExceptionMapper
    public Response otherJson(JsonProcessingException e, HttpServerRequest request) {
        return render(Problem.of(400, "malformed-body", ProblemKind.MALFORMED_BODY.title(),
                "The body could not be read as JSON: " + e.getOriginalMessage(), request.path()));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpServerRequest request) {
        // The JSON reader reports some parse failures wrapped in a plain 400.
        switch (e.getCause()) {
            case JsonParseException parse -> {
                return malformed(parse, request);
            }
            case MismatchedInputException mismatch -> {
                return mismatched(mismatch, request);
            }
            case JsonProcessingException json -> {
                return otherJson(json, request);
            }
            case null, default -> {
            }
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, request);
        }
        return render(switch (status) {
            case 404 -> Problem.of(404, "not-found", "Not found",
                    "No resource at " + request.path(), request.path());
            case 405 -> Problem.of(405, "method-not-allowed", "Method not allowed",
                    request.method() + " is not supported on " + request.path(), request.path());
            case 406 -> Problem.of(406, "not-acceptable", "Not acceptable",
                    "This resource only produces application/json", request.path());
            case 413 -> bodyLimit.problem(request.path());
            case 415 -> Problem.of(415, "unsupported-media-type", "Unsupported media type",
                    "Send the body as application/json", request.path());
            default -> Problem.of(status, "bad-request", "Bad request", e.getMessage(), request.path());
        });
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpServerRequest request) {
        return Failures.toApi(e)
                .map(api -> api(api, request.path()))
                .orElseGet(() -> {
                    String reference = UUID.randomUUID().toString();
                    LOG.errorf(e, "Unexpected failure on %s %s (reference %s)", request.method(), request.path(), reference);
                    return render(Problem.of(500, "internal", "Internal error",
                            "The request failed unexpectedly; quote reference " + reference + " when reporting it",
                            request.path()));
                });
    }

    private Response api(ApiException e, String path) {
        Response response = render(Problem.of(e, path));
        if (e.kind() == ProblemKind.UNAUTHENTICATED) {
            return Response.fromResponse(response).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
        }
        if (e instanceof TooManyRequests throttled) {
            return Response.fromResponse(response).header(HttpHeaders.RETRY_AFTER, throttled.retryAfterSeconds()).build();
        }
        return response;
    }

    private Response render(Problem problem) {
        try {
            // Written as a string so the problem media type needs no dedicated message body writer.
            return Response.status(problem.status())
                    .type(Problem.MEDIA_TYPE)
                    .entity(json.writeValueAsString(problem))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Problem documents are plain records and always serialise", e);
        }
    }

    private static String field(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    private static String expected(MismatchedInputException e) {
        Class<?> target = e.getTargetType();
        if (target == null) {
            return "has the wrong type";
        }
        if (target.isEnum()) {
            String values = Arrays.stream(target.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
            return e instanceof InvalidFormatException invalid
                    ? "'" + invalid.getValue() + "' is not one of " + values
                    : "must be one of " + values;
        }
        if (Number.class.isAssignableFrom(target) || (target.isPrimitive() && target != boolean.class)) {
            return "must be a number";
        }
        if (target == String.class) {
            return "must be a string";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "must be true or false";
        }
        if (Map.class.isAssignableFrom(target)) {
            return "must be a JSON object";
        }
        if (Collection.class.isAssignableFrom(target) || target.isArray()) {
            return "must be a JSON array";
        }
        return "has the wrong type";
    }
}
