package io.thinedge.eventhandlers.dispatch;

import static io.thinedge.eventhandlers.support.HandlerBodies.handler;
import static io.thinedge.eventhandlers.support.HandlerBodies.lifecycle;
import static io.thinedge.eventhandlers.support.HandlerBodies.telemetry;
import static io.thinedge.eventhandlers.support.HandlerBodies.webhook;
import static io.thinedge.eventhandlers.support.Handlers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.camel.builder.NotifyBuilder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerStatus;
import io.thinedge.eventhandlers.metrics.DeliveryMeters;
import io.thinedge.eventhandlers.metrics.Meters;
import io.thinedge.eventhandlers.sink.SharedJson;
import io.thinedge.eventhandlers.support.ForwarderExtension;
import io.thinedge.eventhandlers.support.HandlerApiClient;
import io.thinedge.eventhandlers.support.Handlers;
import io.thinedge.eventhandlers.support.HttpReceiver;
import io.thinedge.eventhandlers.support.KafkaTestCluster;
import io.thinedge.eventhandlers.support.MqttTestClient;

/**
 * The whole path: a device publishes on a real Mosquitto, the real application dispatches to the
 * handlers created over its REST API, and a real Kafka and real HTTP receivers get the events.
 * Every test uses event types (or domains) of its own, so handlers of other tests never match.
 */
class DispatchEndToEndTest {

    static final String TOKEN = "e2e-token-0123456789abcdef0123456789abcdef";
    static final Duration WAIT = Duration.ofSeconds(30);

    static KafkaTestCluster kafka;

    /** At most 10 handlers per domain: each test starts without the others' handlers. */
    @RegisterExtension
    static final ForwarderExtension forwarder = ForwarderExtension.withDefaults()
            .property("webhook.timeout", "4s")
            .property("handlers.retest-interval", "0")
            .property("tedge.child-domain.wild-1", "/wild/sub/")
            .properties(properties -> {
                kafka = KafkaTestCluster.start();
                properties.put("kafka.domain./kafka-domain/.bootstrap.servers", kafka.bootstrapServers());
            })
            .afterStop(() -> kafka.close())
            .token(TOKEN).deletingHandlersAfterEach();
    static final HandlerApiClient api = new HandlerApiClient(forwarder);

    /** Publishes and waits until the handler has recorded the outcome (its count of failures is {@code failures}). */
    static EventHandler publishUntilFailures(String id, String topic, String payload, int failures) {
        forwarder.publishAndWait("tedge-events", topic, payload);
        await().atMost(WAIT).until(() -> forwarder.store().find(id).orElseThrow().state().consecutiveFailures() == failures);
        return forwarder.store().find(id).orElseThrow();
    }

    @Test
    void should_complete_the_mqtt_message_only_when_every_handler_is_done() {
        try (HttpReceiver hanging = HttpReceiver.http().hang()) {
            api.create("webhook", "/", handler("hanging", true, lifecycle("held_evt"), webhook(hanging.url("/h"))));
            NotifyBuilder done = new NotifyBuilder(forwarder.context()).fromRoute("tedge-events").filter(ForwarderExtension::isMqttMessage).whenDone(1).create();
            forwarder.device().publish("tedge/events/held_evt", "{}");
            await().atMost(WAIT).until(() -> hanging.requests().size() == 1);
            assertThat(done.matches(1, TimeUnit.SECONDS)).as("done while a handler still delivers").isFalse();
            hanging.release();
            assertThat(done.matches(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void should_deliver_an_event_from_mosquitto_to_kafka_with_key_value_and_headers() {
        String custom = "{\"type\":\"custom\",\"value\":" + Handlers.JSON.valueToTree("bootstrap.servers="
                + kafka.bootstrapServers() + "\nlinger.ms=5") + ",\"topic\":\"e2e-logins\",\"headers\":{\"origin\":\"gw\"}}";
        api.create("kafka", "/", handler("to kafka", true, lifecycle("kafka_login"), custom));

        try (KafkaConsumer<String, String> consumer = kafka.consumer("e2e-logins")) {
            forwarder.device().publish("tedge/events/kafka_login", "{\"text\":\"alice logged in\",\"time\":\"2024-05-01T10:00:00+00:00\",\"user\":\"alice\"}");
            forwarder.device().publish("tedge/events/kafka_login/child-k", "{\"text\":\"bob\"}");

            List<ConsumerRecord<String, String>> records = KafkaTestCluster.poll(consumer, 2);
            assertThat(records).extracting(ConsumerRecord::key).containsExactly("main", "child-k");
            assertThat(json(records.get(0).value())).isEqualTo(json("""
                    {"eventType":"kafka_login","endpointName":"main","domain":"/","timestamp":1714557600000,
                     "time":"2024-05-01T10:00:00Z","text":"alice logged in","data":{"user":"alice"}}"""));
            assertThat(new String(records.get(1).headers().lastHeader("origin").value(), StandardCharsets.UTF_8)).isEqualTo("gw");
        }
    }

    @Test
    void should_count_every_event_of_a_kafka_batch_in_the_handler_metrics() {
        String custom = "{\"type\":\"custom\",\"value\":" + Handlers.JSON.valueToTree("bootstrap.servers="
                + kafka.bootstrapServers()) + ",\"topic\":\"e2e-burst\"}";
        String id = api.create("kafka", "/", handler("burst", true, lifecycle("kafka_burst"), custom));

        try (KafkaConsumer<String, String> consumer = kafka.consumer("e2e-burst")) {
            // a burst: events queue up behind the first send and go out in batches
            for (int i = 0; i < 300; i++) {
                forwarder.device().publish("tedge/events/kafka_burst", "{\"text\":\"" + i + "\"}");
            }
            assertThat(KafkaTestCluster.poll(consumer, 300)).hasSize(300);
        }
        MeterRegistry registry = Meters.registry(forwarder.context()).orElseThrow();
        await().atMost(WAIT).untilAsserted(() -> assertThat(registry.get(DeliveryMeters.DELIVERED)
                .tag("handler", id).counter().count()).isEqualTo(300));
        assertThat(registry.get(DeliveryMeters.DELIVERY_TIMER).tag("handler", id).tag("outcome", "delivered")
                .timer().count()).isBetween(1L, 300L);
    }

    @Test
    void should_deliver_with_the_kafka_properties_of_the_handlers_domain() {
        String domainProperties = "{\"type\":\"domainProperties\",\"topic\":\"e2e-domain\",\"headers\":null}";
        // the gateway's devices are in domain /: a handler of /kafka-domain/ would see none of them,
        // so this one is tested with a sample event, which is sent in the handler's own domain
        String id = api.create("kafka", "/kafka-domain/", handler("domain kafka", true, lifecycle("*"), domainProperties));
        try (KafkaConsumer<String, String> consumer = kafka.consumer("e2e-domain")) {
            JsonNode result = api.testExisting(id, "/kafka-domain/");
            assertThat(result.path("successful").asBoolean()).as(result.toString()).isTrue();
            ConsumerRecord<String, String> record = KafkaTestCluster.poll(consumer, 1).get(0);
            assertThat(json(record.value()).path("eventType").asText()).isEqualTo("deviceCreated");
            assertThat(json(record.value()).path("domain").asText()).isEqualTo("/kafka-domain/");
        }
    }

    @Test
    void should_keep_arrival_order_per_handler_through_the_recipient_list_for_a_burst_from_a_new_child() {
        try (HttpReceiver hook = HttpReceiver.http(); KafkaConsumer<String, String> consumer = kafka.consumer("e2e-order")) {
            String types = lifecycle("deviceCreated", "deviceFirstRegistration", "order_evt");
            api.create("webhook", "/", handler("ordered hook", true, types, webhook(hook.url("/o"))));
            api.create("kafka", "/", handler("ordered kafka", true, types, "{\"type\":\"custom\",\"value\":"
                    + Handlers.JSON.valueToTree("bootstrap.servers=" + kafka.bootstrapServers()) + ",\"topic\":\"e2e-order\"}"));

            // the child's first event is preceded by its announcements, and the rest arrive while
            // those are still on their way
            for (int i = 0; i < 100; i++) {
                forwarder.device().publish("tedge/events/order_evt/order-child", "{\"text\":\"" + i + "\"}");
            }

            List<String> expected = new java.util.ArrayList<>(List.of("deviceCreated", "deviceFirstRegistration"));
            java.util.stream.IntStream.range(0, 100).forEach(i -> expected.add(String.valueOf(i)));
            List<String> kafkaTexts = KafkaTestCluster.poll(consumer, 102).stream()
                    .map(record -> json(record.value())).map(DispatchEndToEndTest::typeOrText).toList();
            assertThat(kafkaTexts).containsExactlyElementsOf(expected);
            await().atMost(WAIT).until(() -> hook.requests().size() == 102);
            assertThat(hook.bodies().stream().map(body -> typeOrText(json(body))).toList()).containsExactlyElementsOf(expected);
        }
    }

    /**
     * Building a handler's routes leaves Camel's event notifiers as they were: camel-platform-http-main
     * 4.17 added one for good at every route start, and Camel asks each of them at every asynchronous
     * step of every exchange (RouteNotifierScope removes them).
     */
    @Test
    void should_keep_the_event_notifiers_as_they_were_while_handler_routes_are_rebuilt() {
        try (HttpReceiver hook = HttpReceiver.http()) {
            String id = api.create("webhook", "/", handler("rebuilt", true, lifecycle("rebuilt_evt"), webhook(hook.url("/r"))));
            forwarder.device().publish("tedge/events/rebuilt_evt", "{\"text\":\"0\"}");
            await().atMost(WAIT).until(() -> hook.bodies().size() == 1);
            int notifiers = forwarder.context().getManagementStrategy().getStartedEventNotifiers().size();

            for (int i = 1; i <= 3; i++) {
                // a changed handler gets new routes before its next event
                assertThat(api.put("/webhook/" + id, "{\"connectionConfig\":" + webhook(hook.url("/r" + i)) + "}").status())
                        .isEqualTo(200);
                forwarder.device().publish("tedge/events/rebuilt_evt", "{\"text\":\"" + i + "\"}");
                int delivered = i + 1;
                await().atMost(WAIT).until(() -> hook.bodies().size() == delivered);
            }
            assertThat(forwarder.context().getRoutes()).as("the rebuilt routes are running")
                    .anyMatch(route -> route.getRouteId().contains(id));
            assertThat(forwarder.context().getManagementStrategy().getStartedEventNotifiers()).hasSize(notifiers);
        }
    }

    @Test
    void should_deliver_every_event_of_a_webhook_burst_in_order_per_device_and_replay_a_batch_that_failed() {
        try (HttpReceiver hook = HttpReceiver.http()) {
            java.util.Set<String> failedOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();
            // one request fails the first time it comes: its batch fails whole and is replayed
            hook.answerWith(request -> json(request.body()).path("text").asText().equals("c-12") && failedOnce.add("c-12")
                    ? 503 : 200);
            String id = api.create("webhook", "/", handler("burst hook", true, lifecycle("hook_burst"), webhook(hook.url("/b"))));
            List<String> devices = List.of("a", "b", "c", "d");

            // a burst: events queue up behind the first request and go out in batches
            for (int i = 0; i < 25; i++) {
                for (String device : devices) {
                    forwarder.device().publish("tedge/events/hook_burst/" + device, "{\"text\":\"" + device + "-" + i + "\"}");
                }
            }

            // kept letters are replayed when the next event comes (queued behind the failed batch)
            await().atMost(WAIT).until(() -> !failedOnce.isEmpty());
            forwarder.device().publish("tedge/events/hook_burst/a", "{\"text\":\"a-25\"}");

            await().atMost(WAIT).until(() -> forwarder.deadLetters().size(id) == 0 && devices.stream()
                    .allMatch(device -> firstOfEach(hook, device).size() == (device.equals("a") ? 26 : 25)));
            for (String device : devices) {
                // delivered ones of a failed batch come again, after it: each event's first time is in order
                assertThat(firstOfEach(hook, device)).as(device).containsExactlyElementsOf(IntStream
                        .range(0, device.equals("a") ? 26 : 25).mapToObj(i -> device + "-" + i).toList());
            }
            assertThat(failedOnce).containsExactly("c-12");
            String lastError = forwarder.store().find(id).orElseThrow().state().lastError();
            assertThat(lastError).as("the request's own failure").contains("503").doesNotContain("Multicast");
            MeterRegistry registry = Meters.registry(forwarder.context()).orElseThrow();
            assertThat(registry.get(DeliveryMeters.DELIVERY_TIMER).tag("handler", id).tag("outcome", "failed")
                    .timer().count()).as("failed sends").isOne();
        }
    }

    /** A device's event texts in the order the receiver first got each. */
    private static List<String> firstOfEach(HttpReceiver receiver, String device) {
        return receiver.bodies().stream().map(body -> json(body)).filter(body -> body.path("endpointName").asText().equals(device))
                .map(body -> body.path("text").asText()).distinct().toList();
    }

    /** An announcement by its type, a device's event by its text. */
    private static String typeOrText(JsonNode event) {
        String type = event.path("eventType").asText();
        return type.equals("order_evt") ? event.path("text").asText() : type;
    }

    @Test
    void should_deliver_to_every_matching_enabled_handler_and_to_no_other() {
        try (HttpReceiver first = HttpReceiver.http(); HttpReceiver second = HttpReceiver.http();
                HttpReceiver otherType = HttpReceiver.http(); HttpReceiver disabled = HttpReceiver.http()) {
            api.create("webhook", "/", handler("first", true, lifecycle("door_open"), webhook(first.url("/a"))));
            api.create("webhook", "/", handler("second", true, lifecycle("window_open", "door_open"),
                    "{\"uri\":\"" + second.url("/b") + "\",\"format\":\"influxDb\",\"method\":\"put\"}"));
            api.create("webhook", "/", handler("other type", true, lifecycle("door_closed"), webhook(otherType.url("/c"))));
            api.create("webhook", "/", handler("disabled", false, lifecycle("door_open"), webhook(disabled.url("/d"))));
            try (KafkaConsumer<String, String> consumer = kafka.consumer("e2e-doors")) {
                api.create("kafka", "/", handler("third", true, lifecycle("door_open"), "{\"type\":\"custom\",\"value\":"
                        + Handlers.JSON.valueToTree("bootstrap.servers=" + kafka.bootstrapServers())
                        + ",\"topic\":\"e2e-doors\"}"));

                forwarder.publishAndWait("tedge-events", "tedge/events/door_open", "{\"text\":\"front door\"}");
                await().atMost(WAIT).until(() -> first.requests().size() == 1 && second.requests().size() == 1);

                assertThat(first.requests()).hasSize(1);
                assertThat(json(first.bodies().get(0)).path("text").asText()).isEqualTo("front door");
                assertThat(second.requests()).extracting(HttpReceiver.Request::method).containsExactly("PUT");
                assertThat(second.bodies().get(0)).startsWith("deviceEvent,domain=/,endpointName=main,eventType=door_open text=\"front door\" ");
                List<ConsumerRecord<String, String>> records = KafkaTestCluster.poll(consumer, 1);
                assertThat(records).extracting(ConsumerRecord::key).containsExactly("main");
                assertThat(records.get(0).value()).as("the JSON written once for both").isEqualTo(first.bodies().get(0));
                assertThat(forwarder.context().getRegistry().lookupByNameAndType("sharedJson", SharedJson.class).size()).as("the event's JSON not kept once every handler had it").isZero();
                assertThat(otherType.requests()).isEmpty();
                assertThat(disabled.requests()).isEmpty();
            }
        }
    }

    @Test
    void should_send_events_to_cumulocity_through_a_smartrest_handler() {
        try (MqttTestClient cloud = new MqttTestClient(forwarder.broker().uri()).subscribe("c8yh/#")) {
            api.create("smartrest", "/", handler("c8y", true, lifecycle("c8y_evt"), "{\"topicPrefix\":\"c8yh\"}"));

            forwarder.device().publish("tedge/events/c8y_evt", "{\"text\":\"hello, cloud\",\"time\":\"2024-05-01T10:00:00Z\"}");
            forwarder.device().publish("tedge/events/c8y_evt/pump-c", "{\"text\":\"child\",\"time\":\"2024-05-01T10:00:01Z\"}");

            await().atMost(WAIT).until(() -> cloud.received().size() == 3);
            assertThat(cloud.payloadsOn("c8yh/s/us")).containsExactly(
                    "400,c8y_evt,\"hello, cloud\",2024-05-01T10:00:00Z", "101,pump-c,pump-c,thin-edge.io-child");
            assertThat(json(cloud.payloadsOn("c8yh/event/events/create").get(0)).path("externalSource").path("externalId")
                    .asText()).isEqualTo("pump-c");
        }
    }

    @Test
    void should_send_a_burst_to_cumulocity_in_batches_in_order_through_a_smartrest_handler() {
        try (MqttTestClient cloud = new MqttTestClient(forwarder.broker().uri()).subscribe("c8yb/#")) {
            String id = api.create("smartrest", "/", handler("c8y burst", true, lifecycle("c8y_burst"), "{\"topicPrefix\":\"c8yb\"}"));

            // a burst: events queue up behind the first send and go out in batches
            for (int i = 0; i < 150; i++) {
                forwarder.device().publish("tedge/events/c8y_burst", "{\"text\":\"m" + i + "\"}");
                forwarder.device().publish("tedge/events/c8y_burst/pump-b", "{\"text\":\"c" + i + "\"}");
            }

            await().atMost(WAIT).until(() -> cloud.received().size() >= 301);
            List<String> texts = cloud.received().stream().map(received -> text(received.payload())).toList();
            assertThat(texts).hasSize(301).startsWith("m0", "101,pump-b,pump-b,thin-edge.io-child", "c0", "m1", "c1");
            assertThat(texts.subList(3, 301)).containsExactlyElementsOf(IntStream.range(1, 150).boxed()
                    .flatMap(i -> Stream.of("m" + i, "c" + i)).toList());
            MeterRegistry registry = Meters.registry(forwarder.context()).orElseThrow();
            await().atMost(WAIT).untilAsserted(() -> assertThat(registry.get(DeliveryMeters.DELIVERED)
                    .tag("handler", id).counter().count()).isEqualTo(300));
            assertThat(registry.get(DeliveryMeters.DELIVERY_TIMER).tag("handler", id).tag("outcome", "delivered")
                    .timer().count()).as("sends: fewer than events, as they went out in batches").isLessThan(300);
        }
    }

    /** The text of a SmartREST 400 or of a child's JSON event; a registration as it is. */
    private static String text(String payload) {
        if (payload.startsWith("{")) {
            return json(payload).path("text").asText();
        }
        return payload.startsWith("400,") ? payload.split(",")[2].replace("\"", "") : payload;
    }

    @Test
    void should_test_a_smartrest_handler_with_an_event_its_sink_really_sends() {
        try (MqttTestClient cloud = new MqttTestClient(forwarder.broker().uri()).subscribe("c8yt/#")) {
            String any = api.create("smartrest", "/", handler("c8y any", true, lifecycle("*"), "{\"topicPrefix\":\"c8yt\"}"));
            String listed = api.create("smartrest", "/", handler("c8y listed", true,
                    lifecycle("deviceCreated", "door_open"), "{\"topicPrefix\":\"c8yt\"}"));

            // a deviceCreated sample was dropped by the sink and still answered "delivered"
            assertThat(api.testExisting(any, "/").path("successful").asBoolean()).isTrue();
            assertThat(api.testExisting(listed, "/").path("successful").asBoolean()).isTrue();

            await().atMost(WAIT).until(() -> cloud.payloadsOn("c8yt/s/us").size() == 2);
            assertThat(cloud.payloadsOn("c8yt/s/us")).allMatch(line -> line.startsWith("400,"))
                    .anyMatch(line -> line.startsWith("400,door_open,"));
        }
    }

    @Test
    void should_match_telemetry_by_whole_path_segments() {
        try (HttpReceiver climate = HttpReceiver.http()) {
            api.create("webhook", "/", handler("climate", true, telemetry("/Climate"), webhook(climate.url("/t"))));

            forwarder.publishAndWait("tedge-measurements", "tedge/measurements",
                    "{\"Climate\":{\"humidity\":50},\"Climate2\":{\"x\":1},\"temperature\":21}");
            await().atMost(WAIT).until(() -> !climate.requests().isEmpty());

            assertThat(climate.bodies()).hasSize(1);
            JsonNode body = json(climate.bodies().get(0));
            assertThat(body.path("url").asText()).isEqualTo("/Climate/humidity");
            assertThat(body.path("value").asInt()).isEqualTo(50);
            assertThat(body.path("eventType").asText()).isEqualTo("telemetry");
        }
    }

    @Test
    void should_scope_handlers_by_domain_and_announce_a_new_child_once() {
        try (HttpReceiver parent = HttpReceiver.http(); HttpReceiver own = HttpReceiver.http();
                HttpReceiver sibling = HttpReceiver.http()) {
            api.create("webhook", "/wild/", handler("parent", true, lifecycle("*"), webhook(parent.url("/p"))));
            api.create("webhook", "/wild/sub/", handler("own", true, lifecycle("*"), webhook(own.url("/o"))));
            api.create("webhook", "/wild/other/", handler("sibling", true, lifecycle("*"), webhook(sibling.url("/s"))));

            forwarder.publishAndWait("tedge-events", "tedge/events/alarm_x/wild-1", "{\"text\":\"first\"}");
            forwarder.publishAndWait("tedge-events", "tedge/events/alarm_x/wild-1", "{\"text\":\"second\"}");
            await().atMost(WAIT).until(() -> parent.requests().size() == 4 && own.requests().size() == 4);

            for (HttpReceiver receiver : List.of(parent, own)) {
                assertThat(receiver.bodies()).extracting(body -> json(body).path("eventType").asText())
                        .containsExactly("deviceCreated", "deviceFirstRegistration", "alarm_x", "alarm_x");
                assertThat(receiver.bodies()).extracting(body -> json(body).path("endpointName").asText())
                        .containsOnly("wild-1");
                assertThat(json(receiver.bodies().get(3)).path("text").asText()).isEqualTo("second");
            }
            assertThat(sibling.requests()).isEmpty();
        }
    }

    @Test
    void should_keep_delivering_to_other_handlers_while_one_receiver_hangs() {
        try (HttpReceiver hanging = HttpReceiver.http().hang(); HttpReceiver fast = HttpReceiver.http()) {
            api.create("webhook", "/", handler("hanging", true, lifecycle("slow_evt"), webhook(hanging.url("/h"))));
            api.create("webhook", "/", handler("fast", true, lifecycle("slow_evt"), webhook(fast.url("/f"))));

            for (int i = 1; i <= 3; i++) {
                forwarder.device().publish("tedge/events/slow_evt", "{\"text\":\"" + i + "\"}");
            }

            // the webhook timeout is 4 s: had the hanging handler held back the others, event 3
            // could not reach the fast one before 8 s
            await().atMost(Duration.ofSeconds(3)).until(() -> fast.requests().size() == 3);
            assertThat(fast.bodies()).extracting(body -> json(body).path("text").asText()).containsExactly("1", "2", "3");
            // the hanging one holds its first request (its own lane may start it after the fast one's three)
            await().atMost(WAIT).until(() -> hanging.requests().size() >= 1);
            assertThat(hanging.requests()).hasSize(1);
            hanging.release();
            await().atMost(WAIT).until(() -> hanging.requests().size() == 3);
            assertThat(hanging.bodies()).extracting(body -> json(body).path("text").asText()).containsExactly("1", "2", "3");
        }
    }

    @Test
    void should_disable_a_handler_after_5_consecutive_failures_and_enable_it_again_after_a_successful_test() {
        HttpReceiver receiver = HttpReceiver.http();
        receiver.stop();
        String id = api.create("webhook", "/", handler("dead", true, lifecycle("dead_evt"), webhook(receiver.url("/x"))));

        for (int i = 1; i <= 4; i++) {
            assertThat(publishUntilFailures(id, "tedge/events/dead_evt", "{}", i).active()).isTrue();
        }
        publishUntilFailures(id, "tedge/events/dead_evt", "{}", 5);

        JsonNode failed = api.get(id, "/");
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("enabled").asBoolean()).isFalse();
        assertThat(failed.path("consecutiveFailures").asInt()).isEqualTo(5);
        assertThat(failed.path("lastError").asText()).contains("Connect");

        receiver.start();
        forwarder.publishAndWait("tedge-events", "tedge/events/dead_evt", "{\"text\":\"while failed\"}");
        assertThat(forwarder.store().find(id).orElseThrow().state().consecutiveFailures()).isEqualTo(5);
        assertThat(receiver.requests()).isEmpty();

        JsonNode test = api.testExisting(id, "/");
        assertThat(test.path("successful").asBoolean()).as(test.toString()).isTrue();
        assertThat(json(receiver.bodies().get(0)).path("eventType").asText()).isEqualTo("dead_evt");
        JsonNode enabled = api.get(id, "/");
        assertThat(enabled.path("status").asText()).isEqualTo("active");
        assertThat(enabled.path("enabled").asBoolean()).isTrue();

        // the sample, then the 6 events kept as dead letters, then the new one
        forwarder.publishAndWait("tedge-events", "tedge/events/dead_evt", "{\"text\":\"after\"}");
        await().atMost(WAIT).until(() -> receiver.requests().size() == 8);
        assertThat(receiver.bodies()).extracting(body -> json(body).path("text").asText()).endsWith("while failed", "after");
        receiver.close();
    }

    @Test
    void should_reset_the_failure_count_on_a_success_and_count_non_2xx_answers_as_failures() {
        try (HttpReceiver receiver = HttpReceiver.http().answer(500)) {
            String id = api.create("webhook", "/", handler("flaky", true, lifecycle("flaky_evt"), webhook(receiver.url("/x"))));
            for (int i = 1; i <= 4; i++) {
                publishUntilFailures(id, "tedge/events/flaky_evt", "{}", i);
            }
            assertThat(forwarder.store().find(id).orElseThrow().state().lastError()).contains("500");

            receiver.answer(200);
            publishUntilFailures(id, "tedge/events/flaky_evt", "{}", 0);
            EventHandler afterSuccess = forwarder.store().find(id).orElseThrow();
            assertThat(afterSuccess.state().consecutiveFailures()).isZero();
            assertThat(afterSuccess.state().lastSuccessAt()).isNotNull();
            // the first success replays the 4 failed deliveries
            await().atMost(WAIT).until(() -> receiver.requests().size() == 9 && forwarder.deadLetters().size(id) == 0);

            receiver.answer(503);
            for (int i = 1; i <= 4; i++) {
                publishUntilFailures(id, "tedge/events/flaky_evt", "{}", i);
            }
            assertThat(forwarder.store().find(id).orElseThrow().state().status()).isEqualTo(HandlerStatus.ACTIVE);
            assertThat(receiver.requests()).hasSize(13);
            assertThat(forwarder.deadLetters().size(id)).isEqualTo(4);
        }
    }

    @Test
    void should_apply_a_changed_handler_to_the_next_event_without_a_restart() {
        try (HttpReceiver before = HttpReceiver.http(); HttpReceiver after = HttpReceiver.http()) {
            String id = api.create("webhook", "/", handler("moving", true, lifecycle("move_evt"), webhook(before.url("/1"))));
            forwarder.publishAndWait("tedge-events", "tedge/events/move_evt", "{\"text\":\"one\"}");
            await().atMost(WAIT).until(() -> before.requests().size() == 1);

            api.update("webhook", id, "/", handler("moving", true, lifecycle("move_evt"), webhook(after.url("/2"))));
            forwarder.publishAndWait("tedge-events", "tedge/events/move_evt", "{\"text\":\"two\"}");
            await().atMost(WAIT).until(() -> after.requests().size() == 1);

            assertThat(before.bodies()).extracting(body -> json(body).path("text").asText()).containsExactly("one");
            assertThat(after.bodies()).extracting(body -> json(body).path("text").asText()).containsExactly("two");
            assertThat(forwarder.context().getRoute("handler-" + id)).isNotNull();

            forwarder.store().delete(id);
            forwarder.publishAndWait("tedge-events", "tedge/events/move_evt", "{\"text\":\"three\"}");
            assertThat(after.requests()).hasSize(1);
            await().atMost(WAIT).until(() -> forwarder.context().getRoute("handler-" + id) == null);
        }
    }
}
