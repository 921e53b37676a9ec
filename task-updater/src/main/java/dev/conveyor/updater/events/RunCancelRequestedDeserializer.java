package dev.conveyor.updater.events;

import dev.conveyor.contract.kafka.ProtobufDeserializer;
import dev.conveyor.proto.RunCancelRequested;

/** Reads {@code RunCancelRequested} records; named in the channel configuration. */
public class RunCancelRequestedDeserializer extends ProtobufDeserializer<RunCancelRequested> {

    public RunCancelRequestedDeserializer() {
        super(RunCancelRequested.parser());
    }
}
