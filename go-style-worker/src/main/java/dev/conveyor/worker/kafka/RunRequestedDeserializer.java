package dev.conveyor.worker.kafka;

import dev.conveyor.contract.kafka.ProtobufDeserializer;
import dev.conveyor.proto.RunRequested;

/** Reads {@code pending-tasks} records. */
public class RunRequestedDeserializer extends ProtobufDeserializer<RunRequested> {

    public RunRequestedDeserializer() {
        super(RunRequested.parser());
    }
}
