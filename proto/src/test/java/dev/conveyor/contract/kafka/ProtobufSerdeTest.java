package dev.conveyor.contract.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.StringValue;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ProtobufSerdeTest {

    static final class StringValueDeserializer extends ProtobufDeserializer<StringValue> {
        StringValueDeserializer() {
            super(StringValue.parser());
        }
    }

    private final ProtobufSerializer<StringValue> serializer = new ProtobufSerializer<>();
    private final StringValueDeserializer deserializer = new StringValueDeserializer();

    @Test
    void roundTripsAMessage() {
        StringValue original = StringValue.of("run-42");
        assertEquals(original, deserializer.deserialize("t", serializer.serialize("t", original)));
    }

    @Test
    void keepsNullTombstones() {
        assertNull(serializer.serialize("t", null));
        assertNull(deserializer.deserialize("t", null));
    }

    @Test
    void rejectsUndecodableBytesWithTheTopicName() {
        SerializationException e = assertThrows(SerializationException.class,
                () -> deserializer.deserialize("pending-tasks", new byte[] {(byte) 0xff, 0x01, 0x02}));
        assertEquals(true, e.getMessage().contains("pending-tasks"));
    }
}
