package io.thinedge.eventhandlers.dispatch;

import static io.thinedge.eventhandlers.support.HandlerBodies.handler;
import static io.thinedge.eventhandlers.support.HandlerBodies.lifecycle;
import static io.thinedge.eventhandlers.support.HandlerBodies.webhook;
import static io.thinedge.eventhandlers.support.Handlers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Processor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.thinedge.eventhandlers.event.Event;
import io.thinedge.eventhandlers.support.ForwarderExtension;
import io.thinedge.eventhandlers.support.HandlerApiClient;
import io.thinedge.eventhandlers.support.HttpReceiver;

/**
 * A lifecycle event whose dispatch fails is raised again when its MQTT message is handed to the
 * route again (in place, {@code tedge.mqtt.failed-message-attempts}), and only once: the real
 * application on a copy of {@code routes/} whose {@code dispatch.camel.yaml} has a step that throws
 * for chosen events, once each, then restarted (a crash), with a real webhook receiver.
 */
class LifecycleEventsAfterFailedDispatchTest {

    static final String TOKEN = "lifecycle-fail-token-0123456789abcdef01234567";
    static final Duration WAIT = Duration.ofSeconds(30);

    /** "<device id> <event type>" of the events whose next dispatch throws. */
    static final Set<String> FAIL_ONCE = ConcurrentHashMap.newKeySet();

    static final Processor FAIL_ONCE_STEP = exchange -> {
        Event event = exchange.getMessage().getBody(Event.class);
        if (event != null && FAIL_ONCE.remove(event.deviceId() + " " + event.eventType())) {
            throw new IllegalStateException("dispatch of " + event.eventType() + " failed (test step)");
        }
    };

    @RegisterExtension
    static final ForwarderExtension forwarder = ForwarderExtension.withDefaults()
            .property("handlers.retest-interval", "0")
            .properties(properties -> properties.put("camel.main.routes-include-pattern",
                    "file:" + failingRoutes() + "/*.camel.yaml"))
            .beforeStart(context -> context.getRegistry().bind("failOnce", FAIL_ONCE_STEP))
            .token(TOKEN).deletingHandlersAfterEach();
    static final HandlerApiClient api = new HandlerApiClient(forwarder);

    /** routes/ with the failOnce step ahead of the recipientList of each dispatched event. */
    static Path failingRoutes() {
        return EditedRoutesTest.routesWithStepBeforeRecipients("failOnce");
    }

    static List<String> types(HttpReceiver receiver) {
        return receiver.bodies().stream().map(body -> json(body).path("eventType").asText()).toList();
    }

    @Test
    void should_raise_a_first_registration_again_when_its_first_dispatch_failed() {
        try (HttpReceiver receiver = HttpReceiver.http()) {
            api.create("webhook", "/", handler("first registrations", true,
                    lifecycle("deviceCreated", "deviceFirstRegistration", "lcf_evt"), webhook(receiver.url("/f"))));
            FAIL_ONCE.add("lcf-child-1 deviceFirstRegistration");

            forwarder.publishAndWait("tedge-events", "tedge/events/lcf_evt/lcf-child-1", "{\"text\":\"hello\"}");
            assertThat(FAIL_ONCE).as("the step threw").isEmpty();

            forwarder.restart();
            await().atMost(WAIT).until(() -> types(receiver).contains("deviceFirstRegistration"));
            await().atMost(WAIT).until(() -> types(receiver).lastIndexOf("lcf_evt") > types(receiver).indexOf("deviceFirstRegistration"));
            List<String> types = types(receiver);
            assertThat(types.subList(types.size() - 3, types.size()))
                    .containsExactly("deviceCreated", "deviceFirstRegistration", "lcf_evt");
            assertThat(receiver.bodies()).extracting(body -> json(body).path("endpointName").asText()).containsOnly("lcf-child-1");
        }
    }

    @Test
    void should_raise_device_created_again_when_its_first_dispatch_failed() {
        try (HttpReceiver receiver = HttpReceiver.http()) {
            api.create("webhook", "/", handler("registrations", true, lifecycle("deviceCreated"), webhook(receiver.url("/c"))));
            FAIL_ONCE.add("lcf-child-2 deviceCreated");

            forwarder.publishRetainedAndWait("te-registrations", "te/device/lcf-child-2//", "{\"@type\":\"child-device\"}");
            assertThat(FAIL_ONCE).as("the step threw").isEmpty();

            forwarder.restart();
            await().atMost(WAIT).until(() -> receiver.requests().size() == 1);
            assertThat(json(receiver.bodies().get(0)).path("endpointName").asText()).isEqualTo("lcf-child-2");
        }
    }
}
