package io.thinedge.eventhandlers.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.support.MosquittoBroker;
import io.thinedge.eventhandlers.support.MqttTestClient;
import io.thinedge.eventhandlers.support.RunningForwarder;

class BadInputEndToEndTest {

    static MosquittoBroker broker;
    static RunningForwarder forwarder;
    static MqttTestClient device;

    @BeforeAll
    static void start() {
        broker = MosquittoBroker.start();
        forwarder = RunningForwarder.start(RunningForwarder.defaults(broker));
        device = new MqttTestClient(broker.uri()).subscribe("tedge/errors");
    }

    @AfterAll
    static void stop() {
        device.close();
        forwarder.close();
        broker.close();
    }

    @Test
    void should_report_a_malformed_event_once_on_tedge_errors() {
        device.publish("tedge/events/login_event", "{\"text\": ");

        await().atMost(Duration.ofSeconds(20)).until(() -> device.payloadsOn("tedge/errors").size() == 1);
        assertThat(device.payloadsOn("tedge/errors").get(0)).startsWith(
                "Parsing of event message received on topic: tedge/events/login_event failed due to error: Invalid JSON")
                .endsWith("Snipped payload: {\"text\": ");
    }
}
