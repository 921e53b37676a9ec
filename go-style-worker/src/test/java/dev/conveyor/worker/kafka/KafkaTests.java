package dev.conveyor.worker.kafka;

import dev.conveyor.infra.test.SharedInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every Kafka test of the worker starts from: plain clients against the test broker, fresh for each test, and
 * the log of what the worker published.
 */
public abstract class KafkaTests {

    protected TestKafka kafka;
    protected RunEventLog events;

    @BeforeEach
    void connect() {
        // The broker the test resource gave the worker; read directly, since a packaged worker (*IT) runs in
        // another process and its configuration is not this JVM's.
        kafka = new TestKafka(SharedInfrastructure.kafka().endpoint("bootstrap"));
        events = kafka.events();
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }
}
