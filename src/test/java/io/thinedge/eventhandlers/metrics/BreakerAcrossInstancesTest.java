package io.thinedge.eventhandlers.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.dispatch.HandlerBreakers;
import io.thinedge.eventhandlers.handler.EventFilter;
import io.thinedge.eventhandlers.handler.HandlerStatus;
import io.thinedge.eventhandlers.handler.HandlerType;
import io.thinedge.eventhandlers.store.HandlerStore;
import io.thinedge.eventhandlers.support.Handlers;
import io.thinedge.eventhandlers.support.HttpReceiver;
import io.thinedge.eventhandlers.support.MosquittoBroker;
import io.thinedge.eventhandlers.support.MqttTestClient;
import io.thinedge.eventhandlers.support.PostgresDatabase;
import io.thinedge.eventhandlers.support.RunningForwarder;

/**
 * Two instances of the real application sharing one PostgreSQL store, each with its own broker: a
 * handler that fails on one has an open breaker, and breaker state 1, on the other too.
 */
class BreakerAcrossInstancesTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void should_open_the_breaker_of_a_handler_failed_on_another_instance() throws Exception {
        try (PostgresDatabase database = PostgresDatabase.create(); MosquittoBroker brokerA = MosquittoBroker.start();
                MosquittoBroker brokerB = MosquittoBroker.start(); HttpReceiver receiver = HttpReceiver.http().answer(500)) {
            RunningForwarder a = start(brokerA, database);
            RunningForwarder b = start(brokerB, database);
            try (MqttTestClient device = new MqttTestClient(brokerA.uri())) {
                HandlerStore store = a.context().getRegistry().lookupByNameAndType("handlerStore", HandlerStore.class);
                String id = store.create(Handlers.handler(HandlerType.WEBHOOK, "/", new EventFilter.Lifecycle(List.of("shared_evt")),
                        "{\"uri\":\"" + receiver.url("/s") + "\"}"), 10).id();
                HandlerBreakers breakersOfB = b.context().getRegistry().lookupByNameAndType("handlerBreakers", HandlerBreakers.class);
                await().atMost(WAIT).until(() -> b.context().getRegistry().lookupByNameAndType("handlerStore", HandlerStore.class)
                        .find(id).isPresent());
                assertThat(breakersOfB.isOpen(id)).isFalse();

                for (int i = 0; i < 5; i++) {
                    device.publish("tedge/events/shared_evt", "{}");
                }
                await().atMost(WAIT).until(() -> store.find(id).orElseThrow().state().status() == HandlerStatus.FAILED);

                await("the breaker on the other instance").atMost(WAIT).until(() -> breakersOfB.isOpen(id));
                Map<String, String> tags = Map.of("handler", id, "type", "webhook");
                await().atMost(WAIT).until(() -> OperationsEndToEndTest.Scrape.parse(metrics(b))
                        .find("tedge_handler_breaker_state", tags) != null);
                assertThat(OperationsEndToEndTest.Scrape.parse(metrics(b)).value("tedge_handler_breaker_state", tags)).isEqualTo(1.0);
            } finally {
                b.close();
                a.close();
            }
        }
    }

    private static RunningForwarder start(MosquittoBroker broker, PostgresDatabase database) {
        Map<String, String> properties = RunningForwarder.defaults(broker);
        properties.putAll(database.storeProperties());
        properties.put("handlers.retest-interval", "0");
        return RunningForwarder.start(properties);
    }

    private static String metrics(RunningForwarder forwarder) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(forwarder.httpBase() + "/observe/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
