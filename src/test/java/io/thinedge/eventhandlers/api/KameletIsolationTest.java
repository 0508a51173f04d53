package io.thinedge.eventhandlers.api;

import static io.thinedge.eventhandlers.support.HandlerApiClient.inDomain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.thinedge.eventhandlers.handler.EventFilters;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerState;
import io.thinedge.eventhandlers.handler.HandlerType;
import io.thinedge.eventhandlers.support.ForwarderExtension;
import io.thinedge.eventhandlers.support.HandlerApiClient;
import io.thinedge.eventhandlers.support.HandlerBodies;
import io.thinedge.eventhandlers.support.HttpReceiver;

/**
 * Issue 26, items 2 and 3, acted out with tenant tokens on the real application: a Kamelet
 * property is data (no placeholder is read, no other Camel component is reached, the Kamelet's
 * whole schema holds), and a domain may use only the Kamelets its configuration allows.
 */
class KameletIsolationTest {

    static final HttpReceiver receiver = HttpReceiver.http();
    static Path kamelets;
    static Path scratch;

    @RegisterExtension
    static final ForwarderExtension forwarder = ForwarderExtension.withDefaults().tokensFile("""
            / root-token
            /tenant/a/ token-a
            /tenant/b/ token-b
            """)
            .properties(properties -> {
                kamelets = Files.createTempDirectory("kamelets");
                scratch = Files.createTempDirectory("scratch");
                properties.put("camel.component.kamelet.location", "file:" + kamelets + ",file:routes/kamelets,classpath:kamelets");
                Files.writeString(kamelets.resolve("bare-http-sink.kamelet.yaml"), KameletIsolationTest.BARE_HTTP_SINK);
                properties.put("kamelet.domain./tenant/a/.allowed", "tedge-webhook-sink,http-sink,mqtt5-sink,bare-http-sink");
                properties.put("kamelet.domain./tenant/b/.allowed", "log-sink,mqtt5-sink");
            })
            .deletingHandlersAfterEach();
    static final HandlerApiClient tenantA = new HandlerApiClient(forwarder).withToken("token-a");
    static final HandlerApiClient tenantB = new HandlerApiClient(forwarder).withToken("token-b");

    /** An HTTP sink with no pattern on its url: only its components' schemes hold it to http(s). */
    static final String BARE_HTTP_SINK = """
            apiVersion: camel.apache.org/v1
            kind: Kamelet
            metadata:
              name: bare-http-sink
              labels:
                camel.apache.org/kamelet.type: "sink"
            spec:
              definition:
                title: "HTTP sink without a pattern"
                required: [url]
                properties:
                  url: {title: URL, type: string}
                  retries: {title: Retries, type: integer, minimum: 0, maximum: 5, default: 0}
                  label: {title: Label, type: string, maxLength: 8}
              dependencies:
                - "camel:http"
                - "camel:kamelet"
              template:
                from:
                  uri: "kamelet:source"
                  steps:
                    - setHeader:
                        name: X-Label
                        simple: "{{?label}}"
                    - to: "{{url}}"
            """;

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    static String kameletHandler(String kamelet, String properties) {
        return "{\"name\":\"k\",\"enabled\":true,\"filter\":{\"type\":\"lifecycle\",\"eventTypes\":[\"*\"]},"
                + "\"connectionConfig\":{\"kamelet\":\"" + kamelet + "\",\"properties\":" + properties + "}}";
    }

    static String url(String url) {
        ObjectNode properties = HandlerApiClient.JSON.createObjectNode().put("url", url);
        return properties.toString();
    }

    /** The answers of create and of test, which must agree: a test stores nothing but runs the same sink. */
    static List<HandlerApiClient.Answer> createAndTest(HandlerApiClient tenant, String body) {
        return List.of(tenant.post("/kamelet", body), tenant.post("/test/kamelet", body));
    }

    @Test
    void should_refuse_http_sink_urls_that_name_another_camel_component() {
        Path target = scratch.resolve("written-by-a-tenant");
        for (String url : List.of("file:" + scratch + "?fileName=written-by-a-tenant", "direct:x", "bean:handlerStore", "log:x")) {
            for (String kamelet : List.of("http-sink", "bare-http-sink")) {
                for (HandlerApiClient.Answer answer : createAndTest(tenantA, kameletHandler(kamelet, url(url)))) {
                    assertThat(answer.status()).as(kamelet + " " + url + ": " + answer.body()).isEqualTo(400);
                    assertThat(answer.error()).startsWith("connectionConfig.properties.url");
                }
            }
        }
        assertThat(forwarder.store().all()).isEmpty();
        assertThat(target).doesNotExist();
    }

    @Test
    void should_refuse_property_values_holding_placeholders_so_no_setting_reaches_a_tenants_receiver() {
        String url = receiver.url("/{{sys:user.name}}/{{env:HOME}}/{{c8y.authorization}}");
        for (HandlerApiClient.Answer answer : createAndTest(tenantA, kameletHandler("http-sink", url(url)))) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(400);
            assertThat(answer.error()).startsWith("connectionConfig.properties.url").contains("{{");
        }
        String topic = "{\"topic\":\"out/{{sys:user.name}}/{{env:HOME}}\",\"brokerUrl\":\"tcp://127.0.0.1:"
                + forwarder.broker().port() + "\"}";
        for (HandlerApiClient.Answer answer : createAndTest(tenantA, kameletHandler("mqtt5-sink", topic))) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(400);
            assertThat(answer.error()).startsWith("connectionConfig.properties.topic");
        }
        assertThat(receiver.requests()).extracting(HttpReceiver.Request::uri)
                .noneMatch(uri -> uri.contains("{{") || uri.startsWith("/" + System.getProperty("user.name") + "/"));
        assertThat(forwarder.store().all()).isEmpty();
    }

    @Test
    void should_not_resolve_placeholders_of_a_kamelet_handler_stored_before_the_checks() throws Exception {
        String url = receiver.url("/stored/{{sys:user.name}}");
        EventHandler stored = forwarder.store().create(new EventHandler(null, HandlerType.KAMELET, "stored earlier", true, null,
                "/tenant/a/", EventFilters.fromJson(HandlerApiClient.JSON.readTree("{\"type\":\"lifecycle\",\"eventTypes\":[\"x\"]}")),
                HandlerApiClient.JSON.readTree("{\"kamelet\":\"http-sink\",\"properties\":" + url(url) + "}"),
                HandlerState.initial(true)), 10);

        HandlerApiClient.Answer test = tenantA.post("/test/existing/" + stored.id(), "");

        assertThat(test.json().path("successful").asBoolean()).as(test.body()).isFalse();
        assertThat(test.json().path("message").asText()).contains("url").contains("placeholder");
        assertThat(receiver.requests()).extracting(HttpReceiver.Request::uri).noneMatch(uri -> uri.startsWith("/stored/"));
    }

    @Test
    void should_refuse_values_that_would_add_options_to_the_kamelets_endpoint() {
        String brokerUrl = "{\"topic\":\"t\",\"brokerUrl\":\"tcp://127.0.0.1:1883&client=#class:java.lang.Object\"}";
        String topic = "{\"topic\":\"t?brokerUrl=tcp://127.0.0.1:1\",\"brokerUrl\":\"tcp://127.0.0.1:1883\"}";
        String reference = url(receiver.url("/x?httpClientConfigurer=#class:java.lang.Object"));

        assertThat(tenantA.post("/kamelet", kameletHandler("mqtt5-sink", brokerUrl)).error())
                .startsWith("connectionConfig.properties.brokerUrl");
        assertThat(tenantA.post("/kamelet", kameletHandler("mqtt5-sink", topic)).error())
                .startsWith("connectionConfig.properties.topic");
        assertThat(tenantA.post("/kamelet", kameletHandler("http-sink", reference)).error())
                .startsWith("connectionConfig.properties.url");
        assertThat(forwarder.store().all()).isEmpty();
    }

    @Test
    void should_deliver_a_url_with_a_closing_parenthesis_as_it_is_not_as_further_kamelet_options() {
        String url = receiver.url("/hook)&location=file:" + scratch);

        HandlerApiClient.Answer test = tenantA.post("/test/kamelet", kameletHandler("http-sink", url(url)));

        assertThat(test.status()).as(test.body()).isEqualTo(200);
        assertThat(test.json().path("successful").asBoolean()).as(test.body()).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> !receiver.requests().isEmpty());
        assertThat(receiver.requests().get(0).uri()).startsWith("/hook)&location=file:");
    }

    @Test
    void should_enforce_the_whole_schema_of_the_kamelet_naming_the_property() {
        String ok = receiver.url("/ok");
        HandlerApiClient.Answer range = tenantA.post("/kamelet", kameletHandler("bare-http-sink",
                "{\"url\":\"" + ok + "\",\"retries\":9}"));
        HandlerApiClient.Answer length = tenantA.post("/kamelet", kameletHandler("bare-http-sink",
                "{\"url\":\"" + ok + "\",\"label\":\"far-too-long\"}"));
        HandlerApiClient.Answer pattern = tenantA.post("/kamelet", kameletHandler("http-sink", url("ftp://127.0.0.1/x")));
        HandlerApiClient.Answer simple = tenantA.post("/kamelet", kameletHandler("bare-http-sink",
                "{\"url\":\"" + ok + "\",\"label\":\"${body}\"}"));

        assertThat(range.status()).isEqualTo(400);
        assertThat(range.error()).startsWith("connectionConfig.properties.retries").contains("5");
        assertThat(length.status()).isEqualTo(400);
        assertThat(length.error()).startsWith("connectionConfig.properties.label");
        assertThat(pattern.status()).isEqualTo(400);
        assertThat(pattern.error()).startsWith("connectionConfig.properties.url").contains("pattern");
        assertThat(simple.status()).isEqualTo(400);
        assertThat(simple.error()).startsWith("connectionConfig.properties.label");
        assertThat(forwarder.store().all()).isEmpty();

        tenantA.create("kamelet", "/tenant/a/", kameletHandler("bare-http-sink", "{\"url\":\"" + ok + "\",\"retries\":\"2\"}"));
    }

    @Test
    void should_deliver_through_an_allowed_kamelet_with_a_tenant_token() {
        HandlerApiClient.Answer test = tenantA.post("/test/kamelet", kameletHandler("http-sink", url(receiver.url("/tenant-a"))));

        assertThat(test.json().path("successful").asBoolean()).as(test.body()).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.requests().stream().anyMatch(r -> r.uri().equals("/tenant-a")));
    }

    @Test
    void should_answer_403_for_a_kamelet_the_domain_may_not_use_and_list_only_those_it_may() {
        HandlerApiClient.Answer logSink = tenantA.post("/kamelet", kameletHandler("log-sink", "{}"));
        HandlerApiClient.Answer logSinkTest = tenantA.post("/test/kamelet", kameletHandler("log-sink", "{}"));
        HandlerApiClient.Answer httpForB = tenantB.post("/kamelet", kameletHandler("http-sink", url(receiver.url("/b"))));
        HandlerApiClient.Answer webhookForB = tenantB.post("/webhook", HandlerBodies.webhookHandler("b", "{\"uri\":\"" + receiver.url("/b")
                + "\",\"method\":\"post\",\"format\":\"generic\"}"));

        assertThat(logSink.status()).isEqualTo(403);
        assertThat(logSink.error()).contains("log-sink").contains("/tenant/a/");
        assertThat(logSinkTest.status()).isEqualTo(403);
        assertThat(httpForB.status()).isEqualTo(403);
        assertThat(httpForB.error()).contains("http-sink");
        assertThat(webhookForB.status()).as("the built-in types' Kamelets are on the list too").isEqualTo(403);
        assertThat(webhookForB.error()).contains("tedge-webhook-sink");
        assertThat(tenantA.get(inDomain("/kamelet/types", "/tenant/a/")).json().findValuesAsText("name"))
                .containsExactlyInAnyOrder("http-sink", "mqtt5-sink", "bare-http-sink");
        assertThat(tenantB.get("/kamelet/types").json().findValuesAsText("name")).containsExactlyInAnyOrder("log-sink", "mqtt5-sink");
        assertThat(new HandlerApiClient(forwarder).withToken("root-token").get("/kamelet/types").json().findValuesAsText("name"))
                .as("the default list").containsExactlyInAnyOrder("http-sink", "mqtt5-sink", "kafka-not-secured-sink");
        assertThat(forwarder.store().all()).isEmpty();
    }
}
