package io.thinedge.eventhandlers.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.handler.EventFilter;
import io.thinedge.eventhandlers.handler.HandlerType;
import io.thinedge.eventhandlers.mqtt.MqttClients;
import io.thinedge.eventhandlers.mqtt.ReliableMqttClient;
import io.thinedge.eventhandlers.support.Handlers;
import io.thinedge.eventhandlers.support.HttpReceiver;
import io.thinedge.eventhandlers.support.MosquittoBroker;
import io.thinedge.eventhandlers.support.MqttTestClient;
import io.thinedge.eventhandlers.support.RoutesFolder;
import io.thinedge.eventhandlers.support.RunningForwarder;

/**
 * An ingest route reloaded while a slow receiver holds its events in flight: those finish and are
 * acknowledged, the messages that come during the reload wait for the new route, none is rejected.
 */
class InFlightReloadTest {

    private static final int BEFORE_EDIT = 60;
    private static final int DURING_RELOAD = 40;

    @Test
    void should_deliver_and_acknowledge_every_event_across_a_reload_of_its_route() throws Exception {
        RoutesFolder routes = RoutesFolder.copyOfProject();
        try (MosquittoBroker broker = MosquittoBroker.start();
                MqttTestClient device = new MqttTestClient(broker.uri());
                HttpReceiver slow = HttpReceiver.http()) {
            slow.answerWith(request -> {
                pause(Duration.ofMillis(200));
                return 200;
            });
            Map<String, String> properties = RunningForwarder.defaults(broker);
            routes.configure(properties);
            try (RunningForwarder forwarder = RunningForwarder.start(properties)) {
                forwarder.context().getRegistry().lookupByNameAndType("handlerStore", io.thinedge.eventhandlers.store.HandlerStore.class)
                        .create(Handlers.handler(HandlerType.WEBHOOK, "/", new EventFilter.Lifecycle(List.of("slow_evt")),
                                "{\"uri\":\"" + slow.url("/slow") + "\"}"), 10);
                NotifyBuilder failed = new NotifyBuilder(forwarder.context()).whenFailed(1).create();

                IntStream.range(0, BEFORE_EDIT).forEach(i -> device.publish("tedge/events/slow_evt", text(i)));
                await().atMost(Duration.ofSeconds(30)).until(() -> slow.requests().size() >= 3);
                routes.edit("tedge-events.camel.yaml", yaml -> yaml + "# edited while events are in flight\n");
                IntStream.range(BEFORE_EDIT, BEFORE_EDIT + DURING_RELOAD).forEach(i -> device.publish("tedge/events/slow_evt", text(i)));

                await().atMost(Duration.ofSeconds(90)).until(() -> IntStream.range(0, BEFORE_EDIT + DURING_RELOAD)
                        .allMatch(i -> slow.bodies().stream().anyMatch(body -> body.contains("\"event-" + i + "\""))));
                ReliableMqttClient client = forwarder.context().getRegistry().lookupByNameAndType("mqttClients", MqttClients.class)
                        .subscriber("events");
                await().atMost(Duration.ofSeconds(10)).until(() -> client.inFlight() == 0);
                assertThat(failed.matches()).as("no exchange failed (rejected by a route being reloaded)").isFalse();
            }
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
