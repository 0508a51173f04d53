package io.thinedge.eventhandlers.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.support.Handlers;
import io.thinedge.eventhandlers.support.HttpReceiver;
import io.thinedge.eventhandlers.support.LiveRoutesForwarder;

/** A Kamelet edited on a running gateway: the handlers using it deliver through the new version, losing nothing. */
class LiveKameletEditTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String WEBHOOK_KAMELET = "kamelets/tedge-webhook-sink.kamelet.yaml";
    private static final String PROCESS_STEP = "            ref: \"tedgeWebhook\"\n";

    private final AtomicInteger published = new AtomicInteger();

    @Test
    void should_deliver_through_the_edited_kamelet_from_the_next_event_on_without_losing_one() {
        try (LiveRoutesForwarder live = LiveRoutesForwarder.start();
                HttpReceiver receiver = HttpReceiver.http()) {
            live.createWebhook(receiver.url("/hook"), "kamelet_evt");
            IntStream.range(0, 5).forEach(i -> publish(live));
            await().atMost(WAIT).until(() -> receiver.requests().size() == 5);

            live.routes().edit(WEBHOOK_KAMELET, yaml -> yaml.replace(PROCESS_STEP,
                    PROCESS_STEP + "        - setHeader:\n            name: \"X-Edited\"\n            constant: \"yes\"\n"));
            await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> {
                publish(live);
                return receiver.requests().stream().anyMatch(LiveKameletEditTest::edited);
            });

            int sent = published.get();
            await().atMost(WAIT).until(() -> receiver.requests().size() >= sent);
            List<String> texts = receiver.bodies().stream().map(body -> Handlers.json(body).path("text").asText()).toList();
            assertThat(texts).as("every event once, in order").containsExactlyElementsOf(
                    IntStream.range(0, sent).mapToObj(i -> "kamelet-" + i).toList());
            List<HttpReceiver.Request> requests = receiver.requests();
            int firstEdited = IntStream.range(0, requests.size()).filter(i -> edited(requests.get(i))).findFirst().orElseThrow();
            assertThat(requests.subList(firstEdited, requests.size())).as("every event after the first edited one")
                    .allMatch(LiveKameletEditTest::edited);
        }
    }

    @Test
    void should_keep_delivering_through_the_kamelet_as_it_was_when_an_edit_does_not_parse() {
        try (LiveRoutesForwarder live = LiveRoutesForwarder.start("tedge/errors");
                HttpReceiver receiver = HttpReceiver.http()) {
            live.createWebhook(receiver.url("/hook"), "kamelet_evt");
            publish(live);
            await().atMost(WAIT).until(() -> receiver.requests().size() == 1);

            live.routes().edit(WEBHOOK_KAMELET, yaml -> yaml.replace(PROCESS_STEP, "            ref: [\"tedgeWebhook\"\n"));
            await().atMost(WAIT).until(() -> live.device().payloadsOn("tedge/errors").stream()
                    .anyMatch(message -> message.contains("tedge-webhook-sink.kamelet.yaml was not loaded")));

            publish(live);
            await().atMost(WAIT).until(() -> receiver.requests().size() == 2);
            assertThat(Handlers.json(receiver.bodies().get(1)).path("text").asText()).isEqualTo("kamelet-1");
        }
    }

    private static boolean edited(HttpReceiver.Request request) {
        return "yes".equals(request.header("X-Edited"));
    }

    private void publish(LiveRoutesForwarder live) {
        live.device().publish("tedge/events/kamelet_evt", "{\"text\":\"kamelet-" + published.getAndIncrement() + "\"}");
    }
}
