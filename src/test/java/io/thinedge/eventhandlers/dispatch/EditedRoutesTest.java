package io.thinedge.eventhandlers.dispatch;

import static io.thinedge.eventhandlers.support.HandlerBodies.handler;
import static io.thinedge.eventhandlers.support.HandlerBodies.lifecycle;
import static io.thinedge.eventhandlers.support.HandlerBodies.webhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.thinedge.eventhandlers.handler.HandlerStatus;
import io.thinedge.eventhandlers.support.ForwarderExtension;
import io.thinedge.eventhandlers.support.HandlerApiClient;
import io.thinedge.eventhandlers.support.Handlers;
import io.thinedge.eventhandlers.support.HttpReceiver;
import io.thinedge.eventhandlers.support.KafkaTestCluster;

/**
 * The real application on a copy of {@code routes/} edited as an integrator would: a header set
 * in {@code dispatch.camel.yaml}, and a handler frame without the step that recorded failures.
 */
class EditedRoutesTest {

    static final String TOKEN = "edited-routes-token-0123456789abcdef01234567";
    static final Duration WAIT = Duration.ofSeconds(30);

    static KafkaTestCluster kafka;

    @RegisterExtension
    static final ForwarderExtension forwarder = ForwarderExtension.withDefaults()
            .property("handlers.retest-interval", "0")
            .properties(properties -> {
                kafka = KafkaTestCluster.start();
                properties.put("camel.main.routes-include-pattern", "file:" + editedRoutes() + "/*.camel.yaml");
            })
            .afterStop(() -> kafka.close())
            .token(TOKEN).deletingHandlersAfterEach();
    static final HandlerApiClient api = new HandlerApiClient(forwarder);

    /**
     * routes/ with {@code X-Site: plant-7} set before dispatch, and the frame lacking
     * {@code handlerDeliveryFailed} (the whole onFallback that called it, where the frame has one).
     */
    static Path editedRoutes() {
        return routesCopy(dispatch -> {
            String from = "      uri: \"direct:dispatch\"\n      steps:\n";
            assertThat(dispatch).contains(from);
            return dispatch.replace(from, from + "        - setHeader:\n            name: \"X-Site\"\n            constant: \"plant-7\"\n");
        }, frame -> {
            String lacking = frame.replaceAll("(?s)\\n\\s*onFallback:.*", "\n");
            assertThat(lacking).doesNotContain("handlerDeliveryFailed").contains("tedge-handler");
            return lacking;
        });
    }

    /** A copy of routes/*.camel.yaml with dispatch.camel.yaml and handler-frame.camel.yaml edited. */
    /** routes/ with a process step (a bean of this name) ahead of the recipientList of each dispatched event. */
    static Path routesWithStepBeforeRecipients(String stepRef) {
        return routesCopy(dispatch -> {
            Matcher recipients = Pattern.compile("\\n( *)- recipientList:\n").matcher(dispatch);
            assertThat(recipients.find()).as("dispatch.camel.yaml has a recipientList").isTrue();
            String indent = recipients.group(1);
            return dispatch.substring(0, recipients.start() + 1) + indent + "- process:\n" + indent + "    ref: \"" + stepRef
                    + "\"\n" + dispatch.substring(recipients.start() + 1);
        }, UnaryOperator.identity());
    }

    static Path routesCopy(UnaryOperator<String> dispatch, UnaryOperator<String> frame) {
        try {
            Path dir = Files.createTempDirectory("edited-routes");
            try (var files = Files.list(Path.of("routes"))) {
                for (Path file : files.filter(each -> each.toString().endsWith(".camel.yaml")).toList()) {
                    Files.copy(file, dir.resolve(file.getFileName()));
                }
            }
            for (var edit : Map.of("dispatch.camel.yaml", dispatch, "handler-frame.camel.yaml", frame).entrySet()) {
                Path file = dir.resolve(edit.getKey());
                Files.writeString(file, edit.getValue().apply(Files.readString(file)));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void should_put_a_header_set_before_dispatch_on_webhook_requests_and_kafka_records() {
        try (HttpReceiver receiver = HttpReceiver.http(); HttpReceiver templated = HttpReceiver.http();
                KafkaConsumer<String, String> consumer = kafka.consumer("edited-site")) {
            api.create("webhook", "/", handler("site hook", true, lifecycle("site_evt"), webhook(receiver.url("/site"))));
            api.create("webhook", "/", handler("site template", true, lifecycle("site_evt"), "{\"uri\":\"" + templated.url("/t")
                    + "\",\"method\":\"post\",\"bodyTemplate\":\"${variable.text} at ${header.X-Site}\"}"));
            String custom = "{\"type\":\"custom\",\"value\":" + Handlers.JSON.valueToTree("bootstrap.servers="
                    + kafka.bootstrapServers()) + ",\"topic\":\"edited-site\",\"headers\":{\"origin\":\"gw\"}}";
            api.create("kafka", "/", handler("site kafka", true, lifecycle("site_evt"), custom));

            forwarder.publishAndWait("tedge-events", "tedge/events/site_evt", "{\"text\":\"door\"}");

            await().atMost(WAIT).until(() -> receiver.requests().size() == 1);
            HttpReceiver.Request request = receiver.requests().get(0);
            assertThat(request.header("X-Site")).isEqualTo("plant-7");
            assertThat(request.headers().keySet()).as("Camel's own headers (the input's MQTT topic) stay behind")
                    .noneMatch(name -> name.toLowerCase().startsWith("camel"));

            await().atMost(WAIT).until(() -> templated.bodies().size() == 1);
            assertThat(templated.bodies().get(0)).as("a bodyTemplate reads the header").isEqualTo("door at plant-7");

            ConsumerRecord<String, String> record = KafkaTestCluster.poll(consumer, 1).get(0);
            assertThat(new String(record.headers().lastHeader("X-Site").value(), StandardCharsets.UTF_8)).isEqualTo("plant-7");
            assertThat(new String(record.headers().lastHeader("origin").value(), StandardCharsets.UTF_8)).isEqualTo("gw");
            assertThat(List.of(record.headers().toArray())).extracting(Header::key)
                    .noneMatch(name -> name.toLowerCase().startsWith("camel"));
        }
    }

    @Test
    void should_fail_a_handler_after_5_failures_with_a_frame_lacking_handlerDeliveryFailed() {
        try (HttpReceiver receiver = HttpReceiver.http().answer(500)) {
            String id = api.create("webhook", "/", handler("failing", true, lifecycle("frame_evt"), webhook(receiver.url("/down"))));

            for (int i = 1; i <= 6; i++) {
                forwarder.publishAndWait("tedge-events", "tedge/events/frame_evt", "{\"text\":\"" + i + "\"}");
            }

            await().atMost(WAIT).until(() -> forwarder.status(id) == HandlerStatus.FAILED);
            assertThat(forwarder.store().find(id).orElseThrow().state().consecutiveFailures()).isEqualTo(5);
            assertThat(receiver.requests()).as("the failed handler keeps the 6th event without sending it").hasSize(5);
            assertThat(forwarder.deadLetters().size(id)).as("every event kept as a dead letter").isEqualTo(6);
        }
    }

    @Test
    void should_preview_what_a_handler_would_send_after_the_steps_before_dispatch_without_sending_it() {
        try (HttpReceiver receiver = HttpReceiver.http()) {
            String hook = api.create("webhook", "/", handler("preview hook", true, lifecycle("preview_evt"),
                    "{\"uri\":\"" + receiver.url("/p?key=s3cret") + "\",\"auth\":{\"type\":\"token\",\"token\":\"t0p-s3cret\"},"
                            + "\"method\":\"put\",\"format\":\"generic\"}"));
            String custom = "{\"type\":\"custom\",\"value\":" + Handlers.JSON.valueToTree("bootstrap.servers="
                    + kafka.bootstrapServers()) + ",\"topic\":\"edited-preview\",\"headers\":{\"origin\":\"gw\"}}";
            String toKafka = api.create("kafka", "/", handler("preview kafka", true, lifecycle("preview_evt"), custom));
            String message = "{\"topic\":\"tedge/events/preview_evt/pump-7\",\"payload\":{\"text\":\"Door opened\"}}";

            JsonNode webhook = preview(hook, message);
            assertThat(webhook.path("matches").asBoolean()).as(webhook.toString()).isTrue();
            JsonNode request = webhook.path("events").path(0).path("delivery");
            assertThat(request.path("method").asText()).isEqualTo("PUT");
            assertThat(request.path("endpoint").asText()).isEqualTo("http://127.0.0.1:" + receiver.port() + "/p");
            assertThat(request.path("headers").path("X-Site").asText()).as("set in dispatch.camel.yaml").isEqualTo("plant-7");
            assertThat(request.path("headers").path("Authorization").asText()).isEqualTo("***");
            assertThat(Handlers.json(request.path("body").asText()).path("text").asText()).isEqualTo("Door opened");
            assertThat(Handlers.json(request.path("body").asText()).path("endpointName").asText()).isEqualTo("pump-7");
            assertThat(webhook.toString()).doesNotContain("s3cret").doesNotContain("Camel");

            JsonNode record = preview(toKafka, message).path("events").path(0).path("delivery");
            assertThat(record.path("endpoint").asText()).isEqualTo("kafka:edited-preview");
            assertThat(record.path("records").path(0).path("key").asText()).isEqualTo("pump-7");
            assertThat(record.path("records").path(0).path("headers").path("X-Site").asText()).isEqualTo("plant-7");
            assertThat(record.path("records").path(0).path("headers").path("origin").asText()).isEqualTo("gw");

            JsonNode other = preview(hook, "{\"topic\":\"tedge/events/other_evt\",\"payload\":\"{}\"}");
            assertThat(other.path("matches").asBoolean()).as(other.toString()).isFalse();
            assertThat(other.path("events").path(0).has("delivery")).isFalse();

            HandlerApiClient.Answer notAnEvent = api.send("POST", "/" + hook + "/preview", "{\"topic\":\"tedge/errors\",\"payload\":\"x\"}");
            assertThat(notAnEvent.status()).isEqualTo(400);
            assertThat(notAnEvent.body()).contains("topic:");
            HandlerApiClient.Answer badPayload = api.send("POST", "/" + hook + "/preview",
                    "{\"topic\":\"tedge/events/preview_evt\",\"payload\":\"[1,2\"}");
            assertThat(badPayload.status()).as(badPayload.body()).isEqualTo(400);
            assertThat(badPayload.body()).contains("payload:");

            assertThat(receiver.requests()).as("a preview sends nothing").isEmpty();
            assertThat(forwarder.store().find(hook).orElseThrow().state().lastSuccessAt()).isNull();
        }
    }

    static JsonNode preview(String id, String message) {
        HandlerApiClient.Answer response = api.send("POST", "/" + id + "/preview", message);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return Handlers.json(response.body());
    }
}
