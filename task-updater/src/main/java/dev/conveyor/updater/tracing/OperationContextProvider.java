package dev.conveyor.updater.tracing;

import com.mongodb.RequestContext;
import com.mongodb.reactivestreams.client.ReactiveContextProvider;
import io.opentelemetry.context.Context;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.reactivestreams.Subscriber;

/**
 * Gives each MongoDB operation, when it is subscribed, a request context holding the OpenTelemetry context current
 * then: the driver may send the operation's commands from another thread, where that context is not current, and
 * hands this request context to {@link MongoCommandTracing} with each command's events.
 */
@ApplicationScoped
@Unremovable
public class OperationContextProvider implements ReactiveContextProvider {

    @Override
    public RequestContext getContext(Subscriber<?> subscriber) {
        OperationRequestContext request = new OperationRequestContext();
        request.put(MongoCommandTracing.OPERATION_CONTEXT, Context.current());
        return request;
    }

    /** A concurrent map: the driver may read it from the threads of the operation's commands. */
    private static final class OperationRequestContext implements RequestContext {

        private final Map<Object, Object> entries = new ConcurrentHashMap<>();

        @Override
        @SuppressWarnings("unchecked")
        public <T> T get(Object key) {
            return (T) entries.get(key);
        }

        @Override
        public boolean hasKey(Object key) {
            return entries.containsKey(key);
        }

        @Override
        public boolean isEmpty() {
            return entries.isEmpty();
        }

        @Override
        public void put(Object key, Object value) {
            entries.put(key, value);
        }

        @Override
        public void delete(Object key) {
            entries.remove(key);
        }

        @Override
        public int size() {
            return entries.size();
        }

        @Override
        public Stream<Map.Entry<Object, Object>> stream() {
            return entries.entrySet().stream();
        }
    }
}
