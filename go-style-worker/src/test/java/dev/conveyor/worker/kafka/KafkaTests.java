package dev.conveyor.worker.kafka;

import org.eclipse.microprofile.config.ConfigProvider;
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
        kafka = new TestKafka(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        events = kafka.events();
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }
}
