package dev.conveyor.worker.cancel;

import dev.conveyor.worker.WorkerIdentity;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import java.util.Map;

/**
 * The run-control consumer's group, named after this worker ({@code go-style-worker-control-<worker id>}): a group
 * of its own, so it gets every partition. The worker id is only known at run time, hence a bean, not a property.
 */
@ApplicationScoped
public class RunControlGroup {

    static final String PREFIX = "go-style-worker-control-";

    @Produces
    @Identifier("run-control-consumer")
    Map<String, Object> consumerConfig(WorkerIdentity worker) {
        return Map.of(ConsumerConfig.GROUP_ID_CONFIG, PREFIX + worker.id());
    }
}
