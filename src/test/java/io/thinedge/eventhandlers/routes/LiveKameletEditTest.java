package io.thinedge.eventhandlers.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.handler.HandlerType;
import io.thinedge.eventhandlers.sink.kamelet.KameletAllowList;
import io.thinedge.eventhandlers.support.Handlers;
import io.thinedge.eventhandlers.support.HttpReceiver;
import io.thinedge.eventhandlers.support.LiveRoutesForwarder;

/** A Kamelet edited on a running gateway: the handlers using it deliver through the new version, losing nothing. */
class LiveKameletEditTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String WEBHOOK_KAMELET = "kamelets/tedge-webhook-sink.kamelet.yaml";
    /** The request steps of a single event, which a batch's events go through too (a YAML anchor). */
    private static final String PROCESS_STEP = "                      ref: \"webhookRequests\"\n";

    private final AtomicInteger published = new AtomicInteger();

    @Test
    void should_deliver_through_the_edited_kamelet_from_the_next_event_on_without_losing_one() {
        try (LiveRoutesForwarder live = LiveRoutesForwarder.start();
                HttpReceiver receiver = HttpReceiver.http()) {
            live.createWebhook(receiver.url("/hook"), "kamelet_evt");
            IntStream.range(0, 5).forEach(i -> publish(live));
            await().atMost(WAIT).until(() -> receiver.requests().size() == 5);

            live.routes().edit(WEBHOOK_KAMELET, yaml -> yaml.replace(PROCESS_STEP,
                    PROCESS_STEP + "                  - setHeader:\n                      name: \"X-Edited\"\n"
                            + "                      constant: \"yes\"\n"));
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

            live.routes().edit(WEBHOOK_KAMELET, yaml -> yaml.replace(PROCESS_STEP, "                      ref: [\"webhookRequests\"\n"));
            await().atMost(WAIT).until(() -> live.device().payloadsOn("tedge/errors").stream()
                    .anyMatch(message -> message.contains("tedge-webhook-sink.kamelet.yaml was not loaded")));

            publish(live);
            await().atMost(WAIT).until(() -> receiver.requests().size() == 2);
            assertThat(Handlers.json(receiver.bodies().get(1)).path("text").asText()).isEqualTo("kamelet-1");
        }
    }

    @Test
    void should_keep_a_kamelet_whose_new_schema_the_handlers_using_it_no_longer_fit() {
        // the gateway's configuration lets domain / use the integrator's Kamelet
        Map<String, String> allowed = Map.of(KameletAllowList.ALLOWED, String.join(",", KameletAllowList.DEFAULT) + ",site-sink");
        try (LiveRoutesForwarder live = LiveRoutesForwarder.start(allowed,
                routes -> routes.write("kamelets/site-sink.kamelet.yaml", SITE_SINK), "tedge/errors", "site/events")) {
            live.createHandler(HandlerType.KAMELET, "{\"kamelet\":\"site-sink\",\"properties\":{\"topic\":\"site/events\"}}",
                    "site_evt");
            live.device().publish("tedge/events/site_evt", "{\"text\":\"before\"}");
            await().atMost(WAIT).until(() -> live.device().payloadsOn("site/events").size() == 1);

            live.routes().edit("kamelets/site-sink.kamelet.yaml", yaml -> yaml.replace("required: [topic]", "required: [topic, region]")
                    .replace("topic: {title: Topic, type: string}", "topic: {title: Topic, type: string}\n      region: {title: Region, type: string}")
                    .replace("site:${body}", "edited:${body}"));
            await().atMost(WAIT).until(() -> live.device().payloadsOn("tedge/errors").stream()
                    .anyMatch(message -> message.contains("site-sink.kamelet.yaml was not loaded") && message.contains("region")));

            live.device().publish("tedge/events/site_evt", "{\"text\":\"after\"}");
            await().atMost(WAIT).until(() -> live.device().payloadsOn("site/events").size() == 2);
            assertThat(live.device().payloadsOn("site/events").get(1)).as("the Kamelet as it was").startsWith("site:");
        }
    }

    private static final String SITE_SINK = """
            apiVersion: camel.apache.org/v1
            kind: Kamelet
            metadata:
              name: site-sink
              labels:
                camel.apache.org/kamelet.type: "sink"
            spec:
              definition:
                title: "Site sink"
                required: [topic]
                properties:
                  topic: {title: Topic, type: string}
              template:
                from:
                  uri: "kamelet:source"
                  steps:
                    - setBody:
                        simple: "site:${body}"
                    - to: "paho-mqtt5:{{topic}}?client=#mqttPublisher&qos=1"
            """;

    @Test
    void should_rebuild_the_handler_routes_from_an_edited_handler_frame() {
        try (LiveRoutesForwarder live = LiveRoutesForwarder.start();
                HttpReceiver receiver = HttpReceiver.http()) {
            live.createWebhook(receiver.url("/hook"), "kamelet_evt");
            publish(live);
            await().atMost(WAIT).until(() -> receiver.requests().size() == 1);

            live.routes().edit("handler-frame.camel.yaml", yaml -> yaml.replace("          - circuitBreaker:\n",
                    "          - setHeader:\n              name: \"X-Edited\"\n              constant: \"yes\"\n"
                            + "          - circuitBreaker:\n"));
            await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> {
                publish(live);
                return receiver.requests().stream().anyMatch(LiveKameletEditTest::edited);
            });
            int sent = published.get();
            await().atMost(WAIT).until(() -> receiver.requests().size() >= sent);
            assertThat(receiver.bodies().stream().map(body -> Handlers.json(body).path("text").asText()).toList())
                    .as("every event once, in order").containsExactlyElementsOf(
                            IntStream.range(0, sent).mapToObj(i -> "kamelet-" + i).toList());
        }
    }

    private static boolean edited(HttpReceiver.Request request) {
        return "yes".equals(request.header("X-Edited"));
    }

    private void publish(LiveRoutesForwarder live) {
        live.device().publish("tedge/events/kamelet_evt", "{\"text\":\"kamelet-" + published.getAndIncrement() + "\"}");
    }
}
