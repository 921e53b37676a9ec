package dev.conveyor.gateway.run;

import dev.conveyor.gateway.auth.Caller;
import dev.conveyor.gateway.auth.Callers;
import dev.conveyor.proto.Run;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.NameBinding;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The caller and the run of an event stream, resolved before the response starts: an SSE response sends its
 * status and headers at once, so a missing token or somebody else's run must fail in this filter to become a
 * 401 or 404 problem instead of a cut stream.
 */
public record WatchedRun(Caller caller, Run run) {

    private static final String KEY = WatchedRun.class.getName();

    /** Resource methods cannot see the JAX-RS request properties, so the routing context carries it. */
    static WatchedRun of(RoutingContext request) {
        return request.get(KEY);
    }

    /** Marks the endpoints whose {id} path parameter is resolved by {@link Filter}. */
    @NameBinding
    @Target({ElementType.METHOD, ElementType.TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @interface Resolved {
    }

    public static class Filter {

        private final Callers callers;
        private final RunQueryService runs;
        private final CurrentVertxRequest current;

        public Filter(Callers callers, RunQueryService runs, CurrentVertxRequest current) {
            this.callers = callers;
            this.runs = runs;
            this.current = current;
        }

        @Resolved
        @ServerRequestFilter
        public Uni<Void> resolve(ContainerRequestContext request) {
            UUID id = uuid(request.getUriInfo().getPathParameters().getFirst("id"));
            if (id == null) {
                // Not a run id: the endpoint's own parameter conversion answers it.
                return Uni.createFrom().voidItem();
            }
            return callers.current()
                    .chain(caller -> runs.get(caller, id).map(run -> new WatchedRun(caller, run)))
                    .invoke(watched -> current.getCurrent().put(KEY, watched))
                    .replaceWithVoid();
        }

        private static UUID uuid(String raw) {
            try {
                return raw == null ? null : UUID.fromString(raw);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
