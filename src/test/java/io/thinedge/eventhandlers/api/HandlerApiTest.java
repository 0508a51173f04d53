package io.thinedge.eventhandlers.api;

import static io.thinedge.eventhandlers.support.HandlerApiClient.inDomain;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.probe.HandlerTester;
import io.thinedge.eventhandlers.support.ForwarderExtension;
import io.thinedge.eventhandlers.support.HandlerApiClient;
import io.thinedge.eventhandlers.support.HandlerBodies;

/** The handler API over real HTTP: every endpoint, masking, partial updates, tests, OpenAPI. */
class HandlerApiTest {

    @RegisterExtension
    static final ForwarderExtension forwarder = ForwarderExtension.withDefaults()
            // handlers of type domainProperties need a domain with Kafka properties
            .property("kafka.domain./.bootstrap.servers", "127.0.0.1:9");
    static final HandlerApiClient api = new HandlerApiClient(forwarder);
    static final AtomicInteger DOMAINS = new AtomicInteger();

    /** A domain of its own for each test, so that no test sees another's handlers. */
    static String freshDomain() {
        return "/api-test-" + DOMAINS.incrementAndGet() + "/";
    }

    @Test
    void should_create_the_missing_tokens_file_with_one_root_token_readable_only_by_its_owner() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(forwarder.tokensFile()))).isEqualTo("rw-------");
        assertThat(Files.readAllLines(forwarder.tokensFile()).stream().filter(line -> !line.startsWith("#"))).hasSize(1);
        assertThat(forwarder.token()).hasSizeGreaterThanOrEqualTo(40);
    }

    @Test
    void should_create_read_list_update_and_delete_a_webhook_handler() {
        String domain = freshDomain();
        String id = api.create("webhook", domain, HandlerBodies.webhookHandler("logins"));

        JsonNode handler = api.get(inDomain("/" + id, domain)).json();
        assertThat(handler.path("id").asText()).isEqualTo(id);
        assertThat(handler.path("type").asText()).isEqualTo("webhook");
        assertThat(handler.path("name").asText()).isEqualTo("logins");
        assertThat(handler.path("domain").asText()).isEqualTo(domain);
        assertThat(handler.path("enabled").asBoolean()).isTrue();
        assertThat(handler.path("status").asText()).isEqualTo("active");
        assertThat(handler.path("consecutiveFailures").asInt()).isZero();
        assertThat(handler.path("filter").toString()).isEqualTo(HandlerBodies.LIFECYCLE);
        assertThat(handler.path("connectionConfig").path("uri").asText()).isEqualTo("http://127.0.0.1:9/hook");

        HandlerApiClient.Answer list = api.get(inDomain("", domain));
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json()).hasSize(1);
        assertThat(list.json().get(0)).isEqualTo(handler);

        HandlerApiClient.Answer updated = api.put(inDomain("/webhook/" + id, domain), "{\"enabled\":false,\"description\":null}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().path("enabled").asBoolean()).isFalse();
        assertThat(updated.json().path("status").asText()).isEqualTo("disabled");
        assertThat(updated.json().path("description").asText()).isEqualTo("forwards logins");

        assertThat(api.delete(inDomain("/" + id, domain)).status()).isEqualTo(204);
        assertThat(api.get(inDomain("/" + id, domain)).status()).isEqualTo(404);
        assertThat(api.delete(inDomain("/" + id, domain)).status()).isEqualTo(404);
        assertThat(api.get(inDomain("", domain)).json()).isEmpty();
    }

    @Test
    void should_create_kafka_and_smartrest_handlers_and_telemetry_filters() {
        String domain = freshDomain();
        String kafka = api.create("kafka", domain, """
                {"type":"kafka","name":"k","enabled":true,"filter":{"type":"telemetry","lwm2mUrls":["/temperature"]},
                 "connectionConfig":{"type":"domainProperties","topic":"events"}}""");
        String smartrest = api.create("smartrest", domain, """
                {"name":"c8y","enabled":false,"filter":{"type":"lifecycle","eventTypes":["*"]},"connectionConfig":{"topicPrefix":"site"}}""");

        assertThat(api.get("/" + kafka).json().path("filter").path("lwm2mUrls").get(0).asText()).isEqualTo("/temperature");
        JsonNode c8y = api.get("/" + smartrest).json();
        assertThat(c8y.path("type").asText()).isEqualTo("smartrest");
        assertThat(c8y.path("status").asText()).isEqualTo("disabled");
        assertThat(api.put("/smartrest/" + smartrest, "{\"connectionConfig\":{\"topicPrefix\":\"c8y2\"}}")
                .json().path("connectionConfig").path("topicPrefix").asText()).isEqualTo("c8y2");
        assertThat(api.put("/kafka/" + smartrest, "{\"name\":\"x\"}").status()).isEqualTo(400);
    }

    @Test
    void should_mask_every_secret_in_get_and_list() {
        String domain = freshDomain();
        String basic = api.create("webhook", domain, HandlerBodies.basicAuthWebhook("basic", "basic-secret"));
        api.create("webhook", domain, HandlerBodies.webhookHandler("token", "{\"uri\":\"https://r.example/\",\"auth\":{\"type\":\"token\",\"token\":\"token-secret\"}}"));
        api.create("webhook", domain, HandlerBodies.webhookHandler("custom", "{\"uri\":\"https://r.example/\",\"auth\":{\"type\":\"customAuth\",\"value\":\"Token custom-secret\"},"
                + "\"additionalHeaders\":{\"Authorization\":\"x\"}}"));
        api.create("kafka", domain, HandlerBodies.kafkaHandler("sasl", """
                bootstrap.servers=127.0.0.1:9092
                security.protocol=SASL_SSL
                sasl.mechanism=PLAIN
                sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required \\
                    username="alice" password="jaas-secret";
                ssl.key.password=key-secret
                ssl.truststore.password = store-secret
                """));

        String list = api.get(inDomain("", domain)).body();
        String one = api.get("/" + basic).body();
        for (String secret : List.of("basic-secret", "token-secret", "custom-secret", "jaas-secret", "key-secret",
                "store-secret", "header-secret")) {
            assertThat(list).doesNotContain(secret);
            assertThat(one).doesNotContain(secret);
        }
        assertThat(list).contains("password=\\\"******\\\"", "ssl.key.password=******", "ssl.truststore.password = ******",
                "username=\\\"alice\\\"", "\"token\":\"******\"", "\"value\":\"******\"", "\"Authorization\":\"******\"");
        JsonNode config = api.get("/" + basic).json().path("connectionConfig");
        assertThat(config.path("auth").path("password").asText()).isEqualTo("******");
        assertThat(config.path("auth").path("user").asText()).isEqualTo("u");
        assertThat(config.path("additionalHeaders").path("X-Site").asText()).isEqualTo("north");
        assertThat(forwarder.store().find(basic).orElseThrow().connectionConfig().path("auth").path("password").asText()).isEqualTo("basic-secret");
    }

    @Test
    void should_keep_stored_secrets_and_unchanged_fields_on_partial_updates() {
        String domain = freshDomain();
        String id = api.create("webhook", domain, HandlerBodies.basicAuthWebhook("hook", "basic-secret"));
        JsonNode before = api.get("/" + id).json();

        JsonNode renamed = api.put("/webhook/" + id, "{\"name\":\"renamed\",\"enabled\":null,\"filter\":null,\"connectionConfig\":null}").json();
        assertThat(renamed.path("name").asText()).isEqualTo("renamed");
        assertThat(((com.fasterxml.jackson.databind.node.ObjectNode) renamed.deepCopy()).without("name").toString())
                .isEqualTo(((com.fasterxml.jackson.databind.node.ObjectNode) before.deepCopy()).without("name").toString());

        // the masked config sent back with a new uri keeps the password and the secret header
        com.fasterxml.jackson.databind.node.ObjectNode config = before.path("connectionConfig").deepCopy();
        config.put("uri", "https://other.example/hook");
        assertThat(api.put("/webhook/" + id, "{\"connectionConfig\":" + config + "}").status()).isEqualTo(200);
        JsonNode stored = forwarder.store().find(id).orElseThrow().connectionConfig();
        assertThat(stored.path("uri").asText()).isEqualTo("https://other.example/hook");
        assertThat(stored.path("auth").path("password").asText()).isEqualTo("basic-secret");
        assertThat(stored.path("additionalHeaders").path("X-Api-Key").asText()).isEqualTo("header-secret");

        // null keeps the password too; a new one replaces it
        api.put("/webhook/" + id, "{\"connectionConfig\":{\"uri\":\"https://o.example/\",\"auth\":{\"type\":\"basic\",\"user\":\"u\",\"password\":null}}}");
        assertThat(forwarder.store().find(id).orElseThrow().connectionConfig().path("auth").path("password").asText()).isEqualTo("basic-secret");
        api.put("/webhook/" + id, "{\"connectionConfig\":{\"uri\":\"https://o.example/\",\"auth\":{\"type\":\"basic\",\"user\":\"u\",\"password\":\"new-secret\"}}}");
        assertThat(forwarder.store().find(id).orElseThrow().connectionConfig().path("auth").path("password").asText()).isEqualTo("new-secret");

        // switching to another auth scheme with the placeholder has nothing to keep
        HandlerApiClient.Answer switched = api.put("/webhook/" + id,
                "{\"connectionConfig\":{\"uri\":\"https://o.example/\",\"auth\":{\"type\":\"token\",\"token\":\"******\"}}}");
        assertThat(switched.status()).isEqualTo(400);
        assertThat(switched.error()).startsWith("connectionConfig.auth.token:");
    }

    @Test
    void should_keep_kafka_property_secrets_when_the_masked_text_is_sent_back() {
        String domain = freshDomain();
        String properties = "bootstrap.servers=127.0.0.1:9092\nsasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule "
                + "required username=\"alice\" password=\"jaas-secret\";\nssl.key.password=key-secret\n";
        String id = api.create("kafka", domain, HandlerBodies.kafkaHandler("k", properties));
        String masked = api.get("/" + id).json().path("connectionConfig").path("value").asText();

        String edited = masked.replace("127.0.0.1:9092", "10.0.0.1:9092");
        HandlerApiClient.Answer answer = api.put("/kafka/" + id, "{\"connectionConfig\":{\"type\":\"custom\",\"topic\":\"t2\",\"value\":"
                + HandlerApiClient.JSON.valueToTree(edited) + "}}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(forwarder.store().find(id).orElseThrow().connectionConfig().path("value").asText())
                .isEqualTo(properties.replace("127.0.0.1:9092", "10.0.0.1:9092"));
    }

    @Test
    void should_reject_an_invalid_update_and_keep_the_stored_handler() {
        String domain = freshDomain();
        String id = api.create("webhook", domain, HandlerBodies.webhookHandler("hook"));
        JsonNode before = api.get("/" + id).json();

        HandlerApiClient.Answer answer = api.put("/webhook/" + id, "{\"connectionConfig\":{\"uri\":\"ftp://x\"}}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error()).isEqualTo("connectionConfig.uri: must be an absolute http or https URI, not 'ftp://x'");
        assertThat(api.put("/webhook/" + id, "{\"filter\":{\"type\":\"telemetry\",\"lwm2mUrls\":[\"x\"]}}").error())
                .startsWith("filter.lwm2mUrls[0]:");
        assertThat(api.put("/webhook/" + id, "{\"domain\":\"/elsewhere/\"}").error()).startsWith("domain:");
        assertThat(api.put("/kafka/" + id, "{\"name\":\"x\"}").error()).startsWith("type:");
        assertThat(api.get("/" + id).json()).isEqualTo(before);
    }

    @Test
    void should_answer_404_for_unknown_ids_on_every_endpoint() {
        assertThat(api.get("/no-such-id").status()).isEqualTo(404);
        assertThat(api.get("/no-such-id").error()).contains("no-such-id");
        assertThat(api.put("/webhook/no-such-id", "{\"name\":\"x\"}").status()).isEqualTo(404);
        assertThat(api.delete("/no-such-id").status()).isEqualTo(404);
        assertThat(api.post("/test/existing/no-such-id", "").status()).isEqualTo(404);
    }

    @Test
    void should_answer_malformed_bodies_and_wrong_content_types_with_clean_json_errors() {
        String domain = freshDomain();
        HandlerApiClient.Answer malformed = api.post(inDomain("/webhook", domain), "{\"name\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.error()).startsWith("Malformed JSON body");
        assertThat(api.post(inDomain("/webhook", domain), "[1,2]").error()).startsWith("body:");
        assertThat(api.post(inDomain("/webhook", domain), "").status()).isEqualTo(400);
        assertThat(api.post(inDomain("/webhook", domain), "{\"name\":\"a\",\"name\":\"b\"}").status()).isEqualTo(400);
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded")) {
            HandlerApiClient.Answer wrong = api.send(api.request(inDomain("/webhook", domain)).header("Content-Type", type)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(HandlerBodies.webhookHandler("x"))));
            assertThat(wrong.status()).isEqualTo(415);
            assertThat(wrong.error()).contains("application/json");
        }
        for (HandlerApiClient.Answer answer : List.of(malformed, api.post(inDomain("/kafka", domain), "{\"name\":1}"))) {
            assertThat(answer.body()).doesNotContain("Exception", "\tat ", "io.thinedge");
            assertThat(answer.response().headers().firstValue("Content-Type")).contains("application/json");
        }
        assertThat(api.get(inDomain("", domain)).json()).isEmpty();
    }

    @Test
    void should_not_echo_the_token_or_request_headers_in_answers() throws Exception {
        HandlerApiClient.Answer answer = api.get("");
        assertThat(answer.response().headers().map().toString()).doesNotContain(forwarder.token()).doesNotContainIgnoringCase("authorization");
    }

    @Test
    void should_send_samples_through_the_handler_tester_and_answer_200_either_way() {
        String domain = freshDomain();
        String id = api.create("webhook", domain, HandlerBodies.webhookHandler("hook"));
        List<EventHandler> tested = new java.util.concurrent.CopyOnWriteArrayList<>();
        forwarder.context().getRegistry().bind("handlerTester", HandlerTester.class, new HandlerTester() {
            @Override
            public TestResult testExisting(EventHandler handler) {
                tested.add(handler);
                return new TestResult(true, "delivered");
            }

            @Override
            public TestResult testUnsaved(EventHandler handler) {
                tested.add(handler);
                return new TestResult(false, "connection refused");
            }
        });
        try {
            HandlerApiClient.Answer existing = api.post("/test/existing/" + id, "");
            assertThat(existing.status()).isEqualTo(200);
            assertThat(existing.json().toString()).isEqualTo("{\"successful\":true,\"message\":\"delivered\"}");

            HandlerApiClient.Answer unsaved = api.post(inDomain("/test/webhook", domain), HandlerBodies.webhookHandler("new"));
            assertThat(unsaved.status()).isEqualTo(200);
            assertThat(unsaved.json().path("successful").asBoolean()).isFalse();
            assertThat(unsaved.json().path("message").asText()).isEqualTo("connection refused");

            assertThat(api.post(inDomain("/test/kafka", domain), "{\"name\":\"k\",\"filter\":" + HandlerBodies.LIFECYCLE + "}").error())
                    .startsWith("connectionConfig:");
            assertThat(tested).extracting(EventHandler::name).containsExactly("hook", "new");
            assertThat(tested.get(1).domain()).isEqualTo(domain);
            assertThat(api.get(inDomain("", domain)).json()).hasSize(1);
        } finally {
            forwarder.context().getRegistry().unbind("handlerTester");
        }
    }

    @Test
    void should_serve_an_openapi_document_of_the_api() {
        HandlerApiClient.Answer answer = api.get(HandlerApiRoutes.OPENAPI);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode paths = answer.json().path("paths");
        assertThat(answer.json().path("openapi").asText()).startsWith("3.");
        assertThat(paths.has(HandlerApiClient.BASE + "/webhook")).isTrue();
        assertThat(paths.has(HandlerApiClient.BASE + "/test/existing/{id}")).isTrue();
        assertThat(answer.body()).contains("bearer");
        // what issue 20 changed: Coiote's short webhook forms, the domainProperties check, the JSON error answers
        JsonNode createWebhook = paths.path(HandlerApiClient.BASE + "/webhook").path("post");
        assertThat(createWebhook.toString()).contains("top-level additionalHeaders").contains("\\\"type\\\":\\\"basic\\\"");
        assertThat(paths.path(HandlerApiClient.BASE + "/kafka").path("post").toString()).contains("domainProperties");
        assertThat(createWebhook.path("responses").has("405")).isTrue();
        assertThat(createWebhook.path("responses").has("503")).isTrue();
        assertThat(paths.path(HandlerApiClient.BASE + "/{id}/disable").path("post").toString())
                .contains("a failed one too");
    }
}
