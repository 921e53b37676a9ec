package dev.conveyor.worker.kafka;

import dev.conveyor.contract.kafka.ProtobufSerializer;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Kafka instantiates the serializers named in application.properties by reflection. The shared serializer lives in
 * conveyor-proto, a jar Quarkus does not index, so it is registered here for the native image.
 */
@RegisterForReflection(targets = ProtobufSerializer.class)
final class KafkaSerdes {

    private KafkaSerdes() {
    }
}
