package io.thinedge.eventhandlers.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.support.LiveRoutesForwarder;

/**
 * A subscription narrowed in a route's YAML is narrowed on the broker too: the persistent session
 * no longer holds the wider filter, whether the file is edited while the forwarder runs or while
 * it is stopped.
 */
class NarrowedSubscriptionTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String EVENTS_ROUTE = "tedge-events.camel.yaml";

    @Test
    void should_unsubscribe_the_wider_filter_when_the_yaml_is_narrowed_live() {
        try (LiveRoutesForwarder live = LiveRoutesForwarder.start()) {
            assertChildEventsArrive(live);

            live.routes().edit(EVENTS_ROUTE, yaml -> yaml.replace("{{tedge.topics.events}}", "tedge/events/+"));
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
                live.device().publish("tedge/events/probe", "{\"text\":\"narrowed\"}");
                return live.recorder().probes().contains("narrowed") && live.forwarder().context().getRoute("tedge-events")
                        .getEndpoint().getEndpointUri().contains("tedge/events/+");
            });

            assertChildEventsNoLongerArrive(live, "child after live edit");
        }
    }

    @Test
    void should_unsubscribe_a_filter_removed_while_the_forwarder_was_stopped() {
        try (LiveRoutesForwarder live = LiveRoutesForwarder.start()) {
            assertChildEventsArrive(live);

            live.restart(() -> live.routes().edit(EVENTS_ROUTE, yaml -> yaml.replace("{{tedge.topics.events}}", "tedge/events/+")));

            assertChildEventsNoLongerArrive(live, "child after restart");
        }
    }

    private static void assertChildEventsArrive(LiveRoutesForwarder live) {
        live.device().publish("tedge/events/door_open/child-1", "{\"text\":\"child before\"}");
        await().atMost(WAIT).until(() -> live.recorder().texts().contains("child before"));
    }

    /** A child's event, then a main device's: once the second is dispatched, the first would have been. */
    private static void assertChildEventsNoLongerArrive(LiveRoutesForwarder live, String text) {
        live.device().publish("tedge/events/door_open/child-1", "{\"text\":\"" + text + "\"}");
        live.device().publish("tedge/events/door_open", "{\"text\":\"main after " + text + "\"}");
        await().atMost(WAIT).until(() -> live.recorder().texts().contains("main after " + text));
        assertThat(live.recorder().texts()).doesNotContain(text);
    }
}
