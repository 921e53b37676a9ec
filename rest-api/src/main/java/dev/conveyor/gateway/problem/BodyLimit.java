package dev.conveyor.gateway.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses bodies over quarkus.http.limits.max-body-size with a 413 problem before any handler reads them;
 * the HTTP layer's own refusal has an empty body. Also renders that refusal for chunked bodies that
 * announce no length.
 */
@ApplicationScoped
public class BodyLimit {

    private final long maxBytes;
    private final ObjectMapper json;

    public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize, ObjectMapper json) {
        this.maxBytes = maxBodySize.asLongValue();
        this.json = json;
    }

    Problem problem(String path) {
        return Problem.of(new ApiException(ProblemKind.PAYLOAD_TOO_LARGE,
                "The request body exceeds the limit of " + maxBytes + " bytes"), path);
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::checkLength);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::renderRefusal);
    }

    private void checkLength(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && isOver(length)) {
            reply(ctx);
        } else {
            ctx.next();
        }
    }

    private void renderRefusal(RoutingContext ctx) {
        if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
            reply(ctx);
        } else {
            ctx.next();
        }
    }

    private boolean isOver(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void reply(RoutingContext ctx) {
        try {
            HttpServerResponse response = ctx.response()
                    .setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
            if (ctx.request().version() != HttpVersion.HTTP_2) {
                // The unread body would otherwise be parsed as the next request; HTTP/2 forbids this header and
                // resets just the stream instead.
                response.putHeader(HttpHeaders.CONNECTION, "close");
            }
            response.end(json.writeValueAsString(problem(ctx.request().path())));
        } catch (JsonProcessingException e) {
            ctx.fail(e);
        }
    }
}
