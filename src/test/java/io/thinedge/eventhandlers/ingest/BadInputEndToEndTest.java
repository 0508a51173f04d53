package io.thinedge.eventhandlers.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.thinedge.eventhandlers.support.ForwarderExtension;

class BadInputEndToEndTest {

    @RegisterExtension
    static final ForwarderExtension forwarder = ForwarderExtension.withDefaults().deviceSubscribedTo("tedge/errors");

    @Test
    void should_report_a_malformed_event_once_on_tedge_errors() {
        forwarder.device().publish("tedge/events/login_event", "{\"text\": ");

        await().atMost(Duration.ofSeconds(20)).until(() -> forwarder.device().payloadsOn("tedge/errors").size() == 1);
        assertThat(forwarder.device().payloadsOn("tedge/errors").get(0)).startsWith(
                "Parsing of event message received on topic: tedge/events/login_event failed due to error: Invalid JSON")
                .endsWith("Snipped payload: {\"text\": ");
    }
}
