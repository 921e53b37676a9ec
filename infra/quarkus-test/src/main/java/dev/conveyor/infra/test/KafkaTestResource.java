package dev.conveyor.infra.test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A real Kafka KRaft broker with Conveyor's topics (6 partitions each). */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String bootstrap = SharedInfrastructure.kafka().endpoint("bootstrap");
        return Map.of("kafka.bootstrap.servers", bootstrap, "KAFKA_BOOTSTRAP_SERVERS", bootstrap);
    }

    @Override
    public void stop() {
        // Shared by every test of the JVM: stopped when the JVM exits.
    }
}
