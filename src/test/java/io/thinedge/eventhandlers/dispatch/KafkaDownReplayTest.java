package io.thinedge.eventhandlers.dispatch;

import static io.thinedge.eventhandlers.support.HandlerBodies.handler;
import static io.thinedge.eventhandlers.support.HandlerBodies.lifecycle;
import static io.thinedge.eventhandlers.support.HandlerBodies.webhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.thinedge.eventhandlers.handler.HandlerStatus;
import io.thinedge.eventhandlers.store.DeadLetters;
import io.thinedge.eventhandlers.store.HandlerStore;
import io.thinedge.eventhandlers.support.ForwarderExtension;
import io.thinedge.eventhandlers.support.HandlerApiClient;
import io.thinedge.eventhandlers.support.Handlers;
import io.thinedge.eventhandlers.support.HttpReceiver;
import io.thinedge.eventhandlers.support.KafkaTestCluster;
import io.thinedge.eventhandlers.support.MosquittoBroker;
import io.thinedge.eventhandlers.support.MqttTestClient;

/**
 * Kafka unreachable for longer than 5 deliveries: the handler fails, its events are kept as dead
 * letters, and once Kafka is reachable and the handler enabled again they arrive in their original
 * order before new ones; a second, healthy handler gets everything throughout.
 */
class KafkaDownReplayTest {

    private static final String TOKEN = "kafka-down-token-0123456789abcdef0123456789";
    private static final Duration WAIT = Duration.ofSeconds(60);

    static KafkaTestCluster kafka;

    @RegisterExtension
    static final ForwarderExtension forwarder = ForwarderExtension.withDefaults()
            .property("handlers.retest-interval", "0")
            .properties(properties -> kafka = KafkaTestCluster.start())
            .afterStop(() -> kafka.close())
            .token(TOKEN);
    static final HandlerApiClient api = new HandlerApiClient(forwarder);

    @Test
    void should_replay_in_order_what_was_kept_while_kafka_was_down() throws Exception {
        try (HttpReceiver healthy = HttpReceiver.http().answer(200);
                KafkaConsumer<String, String> consumer = kafka.consumer("down-then-up")) {
            MqttTestClient device = forwarder.device();
            // Kafka is "down": nothing listens where the handler looks for it
            String down = kafka("127.0.0.1:" + MosquittoBroker.freePort());
            String id = api.create("kafka", "/", handler("to-kafka", true, lifecycle("door"), down));
            api.create("webhook", "/", handler("healthy", true, lifecycle("door"), webhook(healthy.url("/all"))));
            HandlerStore store = forwarder.store();
            DeadLetters letters = forwarder.deadLetters();

            // one event at a time, so each is a delivery of its own: 5 failures fail the handler
            for (int i = 1; i <= 5; i++) {
                device.publish("tedge/events/door", "{\"text\":\"e" + i + "\"}");
                int failures = i;
                await().atMost(WAIT).until(() -> letters.size(id) == failures);
            }
            await().atMost(WAIT).until(() -> store.find(id).orElseThrow().state().status() == HandlerStatus.FAILED);
            for (int i = 6; i <= 8; i++) {
                device.publish("tedge/events/door", "{\"text\":\"e" + i + "\"}");
            }
            await().atMost(WAIT).until(() -> letters.size(id) == 8);

            // Kafka "comes back": the operator points the handler at it and enables it again
            api.update("kafka", id, "/", "{\"enabled\":true,\"connectionConfig\":" + kafka(kafka.bootstrapServers()) + "}");
            await().atMost(WAIT).until(() -> letters.size(id) == 0);
            device.publish("tedge/events/door", "{\"text\":\"e9\"}");

            List<String> texts = KafkaTestCluster.poll(consumer, 9).stream()
                    .map(record -> Handlers.json(record.value()).path("text").asText()).collect(Collectors.toList());
            assertThat(texts).containsExactlyElementsOf(
                    IntStream.rangeClosed(1, 9).mapToObj(i -> "e" + i).collect(Collectors.toList()));
            await().atMost(WAIT).until(() -> healthy.requests().size() == 9);
            assertThat(healthy.bodies()).extracting(body -> Handlers.json(body).path("text").asText())
                    .containsExactlyElementsOf(texts);
        }
    }

    private static String kafka(String bootstrap) {
        return "{\"type\":\"custom\",\"value\":\"bootstrap.servers=" + bootstrap + "\",\"topic\":\"down-then-up\","
                + "\"headers\":null}";
    }
}
