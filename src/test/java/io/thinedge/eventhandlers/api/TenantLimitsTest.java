package io.thinedge.eventhandlers.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.thinedge.eventhandlers.handler.EventFilter;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerStatus;
import io.thinedge.eventhandlers.handler.HandlerType;
import io.thinedge.eventhandlers.support.ForwarderExtension;
import io.thinedge.eventhandlers.support.HandlerApiClient;
import io.thinedge.eventhandlers.support.HandlerBodies;
import io.thinedge.eventhandlers.support.Handlers;
import io.thinedge.eventhandlers.support.HttpReceiver;
import io.thinedge.eventhandlers.support.MqttTestClient;

/**
 * Issue 26 items 4, 6 and 7, acting with a token of {@code /tenant/a/}: headers that Camel or the
 * client act on are refused, the tenant's handlers are limited in total and in size, and its
 * SmartREST handlers stay off the gateway's own topics and write one line per record.
 */
class TenantLimitsTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final int TENANT_TOTAL = 25;
    static HttpReceiver receiver;

    @RegisterExtension
    static final ForwarderExtension forwarder = ForwarderExtension.withDefaults()
            // the gateway itself in the tenant's domain: its events go out as SmartREST 400 lines
            .property("tedge.device.domain", "/tenant/a/")
            .property("api.max-handlers-per-token-domain", String.valueOf(TENANT_TOTAL))
            .properties(properties -> receiver = HttpReceiver.http())
            .tokensFile("/ root-token\n/tenant/a/ token-a\n")
            .deletingHandlersAfterEach()
            .afterStop(() -> receiver.close());
    static final HandlerApiClient root = new HandlerApiClient(forwarder);
    static final HandlerApiClient tenantA = root.withToken("token-a");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"CamelHttpUri", "CamelHttpMethod", "camelHttpPath", "CAMELHTTPQUERY", "org.apache.camel.Foo",
        "Host", "content-length", "Content-Type", "Transfer-Encoding", "Connection", "breadcrumbId", "Content-Encoding"})
    void should_refuse_webhook_headers_that_steer_camel_or_the_client(String header) {
        ObjectNode body = handler("webhook", "door");
        body.putObject("connectionConfig").put("uri", receiver.url("/hook")).put("method", "post")
                .putObject("additionalHeaders").put(header, "http://127.0.0.1:9/stolen").put("X-Site", "north");

        HandlerApiClient.Answer created = tenantA.post("/webhook", body.toString());
        HandlerApiClient.Answer tested = tenantA.post("/test/webhook", body.toString());

        assertThat(created.status()).as(created.body()).isEqualTo(400);
        assertThat(created.error()).startsWith("connectionConfig.additionalHeaders." + header + ":");
        assertThat(tested.status()).isEqualTo(400);
        assertThat(receiver.requests()).isEmpty();
        assertThat(forwarder.store().all()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"kafka.OVERRIDE_TOPIC", "KAFKA.PARTITION_KEY", "CamelKafkaManualCommit", "camelBatch"})
    void should_refuse_kafka_headers_that_steer_camel(String header) {
        ObjectNode body = handler("kafka", "door");
        body.putObject("connectionConfig").put("type", "custom").put("topic", "events")
                .put("value", "bootstrap.servers=127.0.0.1:9").putObject("headers").put(header, "other-tenants-topic");

        HandlerApiClient.Answer created = tenantA.post("/kafka", body.toString());

        assertThat(created.status()).as(created.body()).isEqualTo(400);
        assertThat(created.error()).startsWith("connectionConfig.headers." + header + ":");
    }

    @Test
    void should_send_ordinary_headers_as_given() {
        ObjectNode body = handler("webhook", "door");
        body.putObject("connectionConfig").put("uri", receiver.url("/hook")).putObject("additionalHeaders")
                .put("X-Site", "north").put("Authorization-Hint", "none");

        assertThat(tenantA.post("/test/webhook", body.toString()).status()).isEqualTo(200);
        assertThat(receiver.requests()).singleElement().satisfies(request -> {
            assertThat(request.header("X-Site")).isEqualTo("north");
            assertThat(request.uri()).isEqualTo("/hook");
            assertThat(request.method()).isEqualTo("POST");
        });
        receiver.clear();
    }

    @Test
    void should_send_a_webhook_uris_query_to_the_receiver_never_to_camel_as_endpoint_options() {
        receiver.answerWith(request -> request.uri().startsWith("/strict") ? 500 : 200);
        try {
            ObjectNode body = handler("webhook", "door");
            body.putObject("connectionConfig").put("uri", receiver.url("/strict?okStatusCodeRange=100-599&site=north"));

            HandlerApiClient.Answer tested = tenantA.post("/test/webhook", body.toString());

            assertThat(tested.json().path("successful").asBoolean()).as(tested.body()).isFalse();
            assertThat(receiver.requests()).singleElement().satisfies(request ->
                    assertThat(request.uri()).isEqualTo("/strict?okStatusCodeRange=100-599&site=north"));
        } finally {
            receiver.answer(200);
            receiver.clear();
        }
    }

    @Test
    void should_refuse_a_query_in_a_smartrest_tenant_url() {
        ObjectNode body = handler("smartrest", "door");
        body.putObject("connectionConfig").put("topicPrefix", "tenant-a").put("uri", "https://tenant.example/?proxyAuthHost=127.0.0.1");

        HandlerApiClient.Answer created = tenantA.post("/smartrest", body.toString());

        assertThat(created.status()).as(created.body()).isEqualTo(400);
        assertThat(created.error()).startsWith("connectionConfig.uri:");
    }

    @Test
    void should_let_a_tenant_token_create_at_most_its_total_across_sub_domains_even_at_once() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = IntStream.range(0, 40).mapToObj(i -> pool.submit(() -> tenantA.post(
                    HandlerApiClient.inDomain("/webhook", "/tenant/a/s" + (i % 30 + 1) + "/"),
                    HandlerBodies.webhookHandler("h" + i)).status())).toList();
            List<Integer> statuses = answers.stream().map(TenantLimitsTest::get).toList();

            assertThat(statuses).filteredOn(status -> status == 201).hasSize(TENANT_TOTAL);
            assertThat(statuses).filteredOn(status -> status == 409).hasSize(40 - TENANT_TOTAL);
        } finally {
            pool.shutdownNow();
        }
        assertThat(forwarder.store().all()).hasSize(TENANT_TOTAL);
        HandlerApiClient.Answer refused = tenantA.post(HandlerApiClient.inDomain("/webhook", "/tenant/a/s9/"), HandlerBodies.webhookHandler("one more"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.error()).contains("/tenant/a/").contains(String.valueOf(TENANT_TOTAL));
        // the root domain's administrator is bound by the 10 per domain only
        assertThat(root.post(HandlerApiClient.inDomain("/webhook", "/elsewhere/"), HandlerBodies.webhookHandler("root's")).status()).isEqualTo(201);
    }

    static Stream<Object[]> oversized() {
        return Stream.of(
                new Object[] {"name", "n".repeat(257), null, null},
                new Object[] {"description", "n", "é".repeat(2049), null},
                new Object[] {"description", "n", "x".repeat(1_000_000), null},
                new Object[] {"connectionConfig.bodyTemplate", "n", null, "$text ".repeat(3000)});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oversized")
    void should_refuse_fields_past_their_byte_limits(String field, String name, String description, String template) {
        ObjectNode body = handler("webhook", "door").put("name", name).put("description", description);
        ObjectNode config = body.putObject("connectionConfig").put("uri", receiver.url("/hook"));
        if (template != null) {
            config.put("bodyTemplate", template);
        }

        HandlerApiClient.Answer created = tenantA.post("/webhook", body.toString());

        assertThat(created.status()).as(created.body()).isEqualTo(400);
        assertThat(created.error()).startsWith(field + ":").contains("bytes");
        assertThat(forwarder.store().all()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"(default)", "c8y", "c8y/s", "tedge", "tedge/events/x", "te", "te/device/evil", "$SYS/x"})
    void should_keep_tenant_smartrest_handlers_off_the_gateways_own_topics(String prefix) {
        ObjectNode body = handler("smartrest", "door");
        if (!prefix.equals("(default)")) {
            body.putObject("connectionConfig").put("topicPrefix", prefix);
        }

        HandlerApiClient.Answer created = tenantA.post("/smartrest", body.toString());

        assertThat(created.status()).as(created.body()).isEqualTo(400);
        assertThat(created.error()).startsWith("connectionConfig.topicPrefix:");
        assertThat(forwarder.store().all()).isEmpty();
    }

    @Test
    void should_let_the_root_domain_publish_on_c8y_and_a_tenant_on_its_own_prefix() {
        ObjectNode builtIn = handler("smartrest", "door");
        builtIn.putObject("connectionConfig").put("topicPrefix", "c8y");
        ObjectNode own = handler("smartrest", "door");
        own.putObject("connectionConfig").put("topicPrefix", "c8y2");

        assertThat(root.post(HandlerApiClient.inDomain("/smartrest", "/"), builtIn.toString()).status()).isEqualTo(201);
        assertThat(tenantA.post("/smartrest", own.toString()).status()).isEqualTo(201);
    }

    @Test
    void should_keep_a_tenant_smartrest_handler_stored_with_a_gateway_topic_from_publishing_there() {
        // stored under earlier settings (or straight into the store): the API would refuse it now
        EventHandler stored = forwarder.store().create(Handlers.handler(HandlerType.SMARTREST, "/tenant/a/",
                new EventFilter.Lifecycle(List.of("door")), "{\"topicPrefix\":\"c8y\"}"), 10);
        try (MqttTestClient cloud = new MqttTestClient(forwarder.broker().uri()).subscribe("c8y/#")) {
            for (int i = 1; i <= 6; i++) {
                forwarder.publishEventAndWait("door", "stored " + i);
            }

            assertThat(forwarder.status(stored.id())).isEqualTo(HandlerStatus.FAILED);
            assertThat(forwarder.store().find(stored.id()).orElseThrow().state().lastError())
                    .contains("topicPrefix").contains("'c8y' is a topic of the gateway's own");
            assertThat(forwarder.deadLetters().waiting(stored.id())).isEqualTo(6);
            assertThat(cloud.received()).as("nothing on the gateway's Cumulocity topics").isEmpty();
        }
    }

    @Test
    void should_write_event_text_with_line_breaks_as_one_smartrest_line() {
        ObjectNode body = handler("smartrest", "door");
        body.putObject("connectionConfig").put("topicPrefix", "tenant-a");
        tenantA.create("smartrest", "/tenant/a/", body.toString());
        try (MqttTestClient cloud = new MqttTestClient(forwarder.broker().uri()).subscribe("tenant-a/#")) {
            forwarder.device().publish("tedge/events/door",
                    "{\"text\":\"opened\\n400,evil,\\\"forged\\\",2024-01-01T00:00:00Z\\r\\n101,x,y\"}");

            await().atMost(WAIT).until(() -> !cloud.payloadsOn("tenant-a/s/us").isEmpty());
            assertThat(cloud.received()).allSatisfy(message -> assertThat(message.payload()).doesNotContain("\n", "\r"));
            assertThat(cloud.payloadsOn("tenant-a/s/us")).singleElement().satisfies(line -> assertThat(line)
                    .startsWith("400,door,\"opened 400,evil,\\\"forged\\\",2024-01-01T00:00:00Z 101,x,y\","));
        }
    }

    private static ObjectNode handler(String type, String eventType) {
        ObjectNode body = HandlerApiClient.JSON.createObjectNode().put("type", type).put("name", "tenant's").put("enabled", true);
        body.putObject("filter").put("type", "lifecycle").putArray("eventTypes").add(eventType);
        return body;
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
