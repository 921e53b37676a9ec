package dev.conveyor.updater.events;

import dev.conveyor.contract.kafka.ProtobufDeserializer;
import dev.conveyor.proto.RunCompleted;

/** Reads {@code RunCompleted} records; named in the channel configuration. */
public class RunCompletedDeserializer extends ProtobufDeserializer<RunCompleted> {

    public RunCompletedDeserializer() {
        super(RunCompleted.parser());
    }
}
