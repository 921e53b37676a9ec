package dev.conveyor.contract.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads one protobuf message type. Subclass it per message (a no-arg constructor passing the message's parser)
 * so Kafka can instantiate it from configuration. Undecodable bytes raise a {@link SerializationException},
 * which the messaging layer routes to the failure handler instead of stopping the partition.
 */
public abstract class ProtobufDeserializer<T extends MessageLite> implements Deserializer<T> {

    private final Parser<T> parser;

    protected ProtobufDeserializer(Parser<T> parser) {
        this.parser = parser;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return parser.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            throw new SerializationException("Undecodable record on " + topic + ": " + e.getMessage(), e);
        }
    }
}
