package dev.conveyor.updater.events;

import dev.conveyor.contract.kafka.ProtobufDeserializer;
import dev.conveyor.proto.RunStatusChanged;

/** Reads {@code RunStatusChanged} records; named in the channel configuration. */
public class RunStatusChangedDeserializer extends ProtobufDeserializer<RunStatusChanged> {

    public RunStatusChangedDeserializer() {
        super(RunStatusChanged.parser());
    }
}
