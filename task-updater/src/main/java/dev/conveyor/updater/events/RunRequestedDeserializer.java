package dev.conveyor.updater.events;

import dev.conveyor.contract.kafka.ProtobufDeserializer;
import dev.conveyor.proto.RunRequested;

/** Reads {@code RunRequested} records; named in the channel configuration. */
public class RunRequestedDeserializer extends ProtobufDeserializer<RunRequested> {

    public RunRequestedDeserializer() {
        super(RunRequested.parser());
    }
}
