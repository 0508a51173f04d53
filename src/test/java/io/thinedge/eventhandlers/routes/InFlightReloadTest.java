package io.thinedge.eventhandlers.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.stream.IntStream;

import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.mqtt.MqttClients;
import io.thinedge.eventhandlers.mqtt.ReliableMqttClient;
import io.thinedge.eventhandlers.support.HttpReceiver;
import io.thinedge.eventhandlers.support.LiveRoutesForwarder;

/**
 * An ingest route reloaded while a slow receiver holds its events in flight: those finish and are
 * acknowledged, the messages that come during the reload wait for the new route, none is rejected.
 */
class InFlightReloadTest {

    private static final int BEFORE_EDIT = 60;
    private static final int DURING_RELOAD = 40;

    @Test
    void should_deliver_and_acknowledge_every_event_across_a_reload_of_its_route() {
        try (LiveRoutesForwarder live = LiveRoutesForwarder.start();
                HttpReceiver slow = HttpReceiver.http()) {
            slow.answerWith(request -> {
                pause(Duration.ofMillis(200));
                return 200;
            });
            live.createWebhook(slow.url("/slow"), "slow_evt");
            NotifyBuilder failed = new NotifyBuilder(live.forwarder().context()).whenFailed(1).create();

            IntStream.range(0, BEFORE_EDIT).forEach(i -> live.device().publish("tedge/events/slow_evt", text(i)));
            await().atMost(Duration.ofSeconds(30)).until(() -> slow.requests().size() >= 3);
            live.routes().edit("tedge-events.camel.yaml", yaml -> yaml + "# edited while events are in flight\n");
            IntStream.range(BEFORE_EDIT, BEFORE_EDIT + DURING_RELOAD)
                    .forEach(i -> live.device().publish("tedge/events/slow_evt", text(i)));

            await().atMost(Duration.ofSeconds(90)).until(() -> IntStream.range(0, BEFORE_EDIT + DURING_RELOAD)
                    .allMatch(i -> slow.bodies().stream().anyMatch(body -> body.contains("\"event-" + i + "\""))));
            ReliableMqttClient client = live.forwarder().context().getRegistry()
                    .lookupByNameAndType("mqttClients", MqttClients.class).subscriber("events");
            await().atMost(Duration.ofSeconds(10)).until(() -> client.inFlight() == 0);
            assertThat(failed.matches()).as("no exchange failed (rejected by a route being reloaded)").isFalse();
        }
    }

    private static String text(int i) {
        return "{\"text\":\"event-" + i + "\"}";
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis()); // the receiver is slow: it holds events in flight
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
