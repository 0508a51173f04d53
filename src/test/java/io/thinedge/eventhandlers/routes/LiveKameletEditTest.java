package io.thinedge.eventhandlers.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.handler.EventFilter;
import io.thinedge.eventhandlers.handler.HandlerType;
import io.thinedge.eventhandlers.store.HandlerStore;
import io.thinedge.eventhandlers.support.Handlers;
import io.thinedge.eventhandlers.support.HttpReceiver;
import io.thinedge.eventhandlers.support.MosquittoBroker;
import io.thinedge.eventhandlers.support.MqttTestClient;
import io.thinedge.eventhandlers.support.RoutesFolder;
import io.thinedge.eventhandlers.support.RunningForwarder;

/** A Kamelet edited on a running gateway: the handlers using it deliver through the new version, losing nothing. */
class LiveKameletEditTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void should_deliver_through_the_edited_kamelet_from_the_next_event_on_without_losing_one() throws Exception {
        RoutesFolder routes = RoutesFolder.copyOfProject();
        try (MosquittoBroker broker = MosquittoBroker.start();
                MqttTestClient device = new MqttTestClient(broker.uri());
                HttpReceiver receiver = HttpReceiver.http()) {
            Map<String, String> properties = RunningForwarder.defaults(broker);
            routes.configure(properties);
            try (RunningForwarder forwarder = RunningForwarder.start(properties)) {
                forwarder.context().getRegistry().lookupByNameAndType("handlerStore", HandlerStore.class)
                        .create(Handlers.handler(HandlerType.WEBHOOK, "/", new EventFilter.Lifecycle(List.of("kamelet_evt")),
                                "{\"uri\":\"" + receiver.url("/hook") + "\"}"), 10);
                AtomicInteger published = new AtomicInteger();
                IntStream.range(0, 5).forEach(i -> publish(device, published));
                await().atMost(WAIT).until(() -> receiver.requests().size() == 5);

                routes.edit("kamelets/tedge-webhook-sink.kamelet.yaml", yaml -> yaml.replace(
                        "            ref: \"tedgeWebhook\"\n",
                        "            ref: \"tedgeWebhook\"\n        - setHeader:\n            name: \"X-Edited\"\n"
                                + "            constant: \"yes\"\n"));
                await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> {
                    publish(device, published);
                    return receiver.requests().stream().anyMatch(request -> "yes".equals(request.header("X-Edited")));
                });

                int sent = published.get();
                await().atMost(WAIT).until(() -> receiver.requests().size() >= sent);
                List<String> texts = receiver.bodies().stream().map(body -> Handlers.json(body).path("text").asText()).toList();
                assertThat(texts).as("every event once, in order").containsExactlyElementsOf(
                        IntStream.range(0, sent).mapToObj(i -> "kamelet-" + i).toList());
                List<HttpReceiver.Request> requests = receiver.requests();
                int firstEdited = IntStream.range(0, requests.size())
                        .filter(i -> "yes".equals(requests.get(i).header("X-Edited"))).findFirst().orElseThrow();
                assertThat(requests.subList(firstEdited, requests.size())).as("every event after the first edited one")
                        .allMatch(request -> "yes".equals(request.header("X-Edited")));
            }
        }
    }

    @Test
    void should_keep_delivering_through_the_kamelet_as_it_was_when_an_edit_does_not_parse() throws Exception {
        RoutesFolder routes = RoutesFolder.copyOfProject();
        try (MosquittoBroker broker = MosquittoBroker.start();
                MqttTestClient device = new MqttTestClient(broker.uri()).subscribe("tedge/errors");
                HttpReceiver receiver = HttpReceiver.http()) {
            Map<String, String> properties = RunningForwarder.defaults(broker);
            routes.configure(properties);
            try (RunningForwarder forwarder = RunningForwarder.start(properties)) {
                forwarder.context().getRegistry().lookupByNameAndType("handlerStore", HandlerStore.class)
                        .create(Handlers.handler(HandlerType.WEBHOOK, "/", new EventFilter.Lifecycle(List.of("kamelet_evt")),
                                "{\"uri\":\"" + receiver.url("/hook") + "\"}"), 10);
                AtomicInteger published = new AtomicInteger();
                publish(device, published);
                await().atMost(WAIT).until(() -> receiver.requests().size() == 1);

                routes.edit("kamelets/tedge-webhook-sink.kamelet.yaml", yaml -> yaml.replace(
                        "            ref: \"tedgeWebhook\"\n", "            ref: [\"tedgeWebhook\"\n"));
                await().atMost(WAIT).until(() -> device.payloadsOn("tedge/errors").stream()
                        .anyMatch(message -> message.contains("tedge-webhook-sink.kamelet.yaml was not loaded")));

                publish(device, published);
                await().atMost(WAIT).until(() -> receiver.requests().size() == 2);
                assertThat(Handlers.json(receiver.bodies().get(1)).path("text").asText()).isEqualTo("kamelet-1");
            }
        }
    }

    private static void publish(MqttTestClient device, AtomicInteger published) {
        device.publish("tedge/events/kamelet_evt", "{\"text\":\"kamelet-" + published.getAndIncrement() + "\"}");
    }
}
