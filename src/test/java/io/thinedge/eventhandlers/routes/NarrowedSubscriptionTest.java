package io.thinedge.eventhandlers.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.support.EventRecorder;
import io.thinedge.eventhandlers.support.MosquittoBroker;
import io.thinedge.eventhandlers.support.MqttTestClient;
import io.thinedge.eventhandlers.support.RoutesFolder;
import io.thinedge.eventhandlers.support.RunningForwarder;

/**
 * A subscription narrowed in a route's YAML is narrowed on the broker too: the persistent session
 * no longer holds the wider filter, whether the file is edited while the forwarder runs or while
 * it is stopped.
 */
class NarrowedSubscriptionTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String EVENTS_ROUTE = "tedge-events.camel.yaml";

    @Test
    void should_unsubscribe_the_wider_filter_when_the_yaml_is_narrowed_live() throws Exception {
        RoutesFolder routes = RoutesFolder.copyOfProject();
        try (MosquittoBroker broker = MosquittoBroker.start();
                MqttTestClient device = new MqttTestClient(broker.uri())) {
            Map<String, String> properties = RunningForwarder.defaults(broker);
            routes.configure(properties);
            AtomicReference<EventRecorder> recorder = new AtomicReference<>();
            try (RunningForwarder forwarder = RunningForwarder.start(properties,
                    context -> recorder.set(EventRecorder.attachTo(context)))) {
                device.publish("tedge/events/door_open/child-1", "{\"text\":\"child before\"}");
                await().atMost(WAIT).until(() -> recorder.get().texts().contains("child before"));

                routes.edit(EVENTS_ROUTE, yaml -> yaml.replace("{{tedge.topics.events}}", "tedge/events/+"));
                await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
                    device.publish("tedge/events/probe", "{\"text\":\"narrowed\"}");
                    return recorder.get().probes().contains("narrowed") && forwarder.context().getRoute("tedge-events")
                            .getEndpoint().getEndpointUri().contains("tedge/events/+");
                });

                assertChildEventsNoLongerArrive(device, recorder.get(), "child after live edit");
            }
        }
    }

    @Test
    void should_unsubscribe_a_filter_removed_while_the_forwarder_was_stopped() throws Exception {
        RoutesFolder routes = RoutesFolder.copyOfProject();
        try (MosquittoBroker broker = MosquittoBroker.start();
                MqttTestClient device = new MqttTestClient(broker.uri())) {
            Map<String, String> properties = RunningForwarder.defaults(broker);
            routes.configure(properties);
            AtomicReference<EventRecorder> recorder = new AtomicReference<>();
            RunningForwarder first = RunningForwarder.start(properties, context -> recorder.set(EventRecorder.attachTo(context)));
            device.publish("tedge/events/door_open/child-1", "{\"text\":\"child before\"}");
            await().atMost(WAIT).until(() -> recorder.get().texts().contains("child before"));
            first.close();

            routes.edit(EVENTS_ROUTE, yaml -> yaml.replace("{{tedge.topics.events}}", "tedge/events/+"));
            try (RunningForwarder second = RunningForwarder.start(properties,
                    context -> recorder.set(EventRecorder.attachTo(context)))) {
                assertChildEventsNoLongerArrive(device, recorder.get(), "child after restart");
            }
        }
    }

    /** A child's event, then a main device's: once the second is dispatched, the first would have been. */
    private static void assertChildEventsNoLongerArrive(MqttTestClient device, EventRecorder recorder, String text) {
        device.publish("tedge/events/door_open/child-1", "{\"text\":\"" + text + "\"}");
        device.publish("tedge/events/door_open", "{\"text\":\"main after " + text + "\"}");
        await().atMost(WAIT).until(() -> recorder.texts().contains("main after " + text));
        assertThat(recorder.texts()).doesNotContain(text);
    }
}
