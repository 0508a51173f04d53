package io.thinedge.eventhandlers.api;

import static io.thinedge.eventhandlers.support.HandlerApiClient.inDomain;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.thinedge.eventhandlers.support.ForwarderExtension;
import io.thinedge.eventhandlers.support.HandlerApiClient;
import io.thinedge.eventhandlers.support.HandlerBodies;

/** Every validation rule rejects a body with 400 naming the field, and stores nothing; Coiote's own bodies pass. */
class HandlerValidationTest {

    static final String WEBHOOK = "{\"uri\":\"https://r.example/hook\"}";
    static final String KAFKA = "{\"type\":\"domainProperties\",\"topic\":\"t\"}";

    @RegisterExtension
    static final ForwarderExtension forwarder = ForwarderExtension.withDefaults()
            .tokensFile("# test tokens\n/ validation-token\n")
            // handlers of type domainProperties need a domain with Kafka properties
            .property("kafka.domain./.bootstrap.servers", "127.0.0.1:9");
    static final HandlerApiClient api = new HandlerApiClient(forwarder);
    static final AtomicInteger DOMAINS = new AtomicInteger();

    static String body(String name, String filter, String config) {
        return "{\"name\":" + name + ",\"enabled\":true,\"filter\":" + filter + ",\"connectionConfig\":" + config + "}";
    }

    static Arguments rejected(String type, String body, String field) {
        return Arguments.of(type, body, field);
    }

    static Stream<Arguments> invalidBodies() {
        String lifecycle = HandlerBodies.LIFECYCLE;
        return Stream.of(
                rejected("webhook", body("null", lifecycle, WEBHOOK), "name"),
                rejected("webhook", body("\"  \"", lifecycle, WEBHOOK), "name"),
                rejected("webhook", body("42", lifecycle, WEBHOOK), "name"),
                rejected("webhook", "{\"name\":\"n\",\"enabled\":\"yes\",\"filter\":" + lifecycle + ",\"connectionConfig\":" + WEBHOOK + "}", "enabled"),
                rejected("webhook", "{\"name\":\"n\",\"description\":7,\"filter\":" + lifecycle + ",\"connectionConfig\":" + WEBHOOK + "}", "description"),
                rejected("webhook", "{\"type\":\"kafka\",\"name\":\"n\",\"filter\":" + lifecycle + ",\"connectionConfig\":" + WEBHOOK + "}", "type"),
                rejected("webhook", "{\"name\":\"n\",\"domain\":\"/a/../b/\",\"filter\":" + lifecycle + ",\"connectionConfig\":" + WEBHOOK + "}", "domain"),
                rejected("webhook", "{\"name\":\"n\",\"domain\":\"tenant\",\"filter\":" + lifecycle + ",\"connectionConfig\":" + WEBHOOK + "}", "domain"),
                rejected("webhook", body("\"n\"", "null", WEBHOOK), "filter"),
                rejected("webhook", body("\"n\"", "[]", WEBHOOK), "filter"),
                rejected("webhook", body("\"n\"", "{\"eventTypes\":[\"a\"]}", WEBHOOK), "filter.type"),
                rejected("webhook", body("\"n\"", "{\"type\":\"alarms\",\"eventTypes\":[\"a\"]}", WEBHOOK), "filter.type"),
                rejected("webhook", body("\"n\"", "{\"type\":\"lifecycle\",\"eventTypes\":[]}", WEBHOOK), "filter.eventTypes"),
                rejected("webhook", body("\"n\"", "{\"type\":\"lifecycle\"}", WEBHOOK), "filter.eventTypes"),
                rejected("webhook", body("\"n\"", "{\"type\":\"lifecycle\",\"eventTypes\":[1]}", WEBHOOK), "filter.eventTypes[0]"),
                rejected("webhook", body("\"n\"", "{\"type\":\"telemetry\",\"lwm2mUrls\":[]}", WEBHOOK), "filter.lwm2mUrls"),
                rejected("webhook", body("\"n\"", "{\"type\":\"telemetry\",\"lwm2mUrls\":[\"/3303\",\"temperature\"]}", WEBHOOK), "filter.lwm2mUrls[1]"),
                rejected("webhook", body("\"n\"", lifecycle, "null"), "connectionConfig"),
                rejected("webhook", body("\"n\"", lifecycle, "\"http://x\""), "connectionConfig"),
                rejected("webhook", body("\"n\"", lifecycle, "{\"uri\":\"ftp://x\"}"), "connectionConfig.uri"),
                rejected("webhook", body("\"n\"", lifecycle, "{\"uri\":null}"), "connectionConfig.uri"),
                rejected("webhook", body("\"n\"", lifecycle, "{\"uri\":\"https://r/\",\"auth\":{\"type\":\"oauth\"}}"), "connectionConfig.auth.type"),
                rejected("webhook", body("\"n\"", lifecycle, "{\"uri\":\"https://r/\",\"auth\":{\"type\":\"basic\",\"user\":\"u\"}}"), "connectionConfig.auth.password"),
                rejected("webhook", body("\"n\"", lifecycle, "{\"uri\":\"https://r/\",\"auth\":{\"type\":\"token\",\"token\":\"\"}}"), "connectionConfig.auth.token"),
                rejected("webhook", body("\"n\"", lifecycle, "{\"uri\":\"https://r/\",\"auth\":{\"type\":\"customAuth\",\"value\":\"******\"}}"), "connectionConfig.auth.value"),
                rejected("webhook", body("\"n\"", lifecycle, "{\"uri\":\"https://r/\",\"method\":\"get\"}"), "connectionConfig.method"),
                rejected("webhook", body("\"n\"", lifecycle, "{\"uri\":\"https://r/\",\"format\":\"xml\"}"), "connectionConfig.format"),
                rejected("webhook", body("\"n\"", lifecycle, "{\"uri\":\"https://r/\",\"additionalHeaders\":{\"X\":1}}"), "connectionConfig.additionalHeaders.X"),
                rejected("webhook", body("\"n\"", lifecycle, "{\"uri\":\"https://r/\",\"maxInFlight\":0}"), "connectionConfig.maxInFlight"),
                rejected("webhook", body("\"n\"", lifecycle, "{\"uri\":\"https://r/\",\"maxInFlight\":17}"), "connectionConfig.maxInFlight"),
                rejected("webhook", body("\"n\"", lifecycle, "{\"uri\":\"https://r/\",\"maxInFlight\":\"x\"}"), "connectionConfig.maxInFlight"),
                rejected("webhook", body("\"n\"", lifecycle, "{\"uri\":\"https://r/\",\"maxInFlight\":2.5}"), "connectionConfig.maxInFlight"),
                rejected("kafka", body("\"n\"", lifecycle, "{\"topic\":\"t\"}"), "connectionConfig.type"),
                rejected("kafka", body("\"n\"", lifecycle, "{\"type\":\"jndi\",\"topic\":\"t\"}"), "connectionConfig.type"),
                rejected("kafka", body("\"n\"", lifecycle, "{\"type\":\"domainProperties\"}"), "connectionConfig.topic"),
                rejected("kafka", body("\"n\"", lifecycle, "{\"type\":\"custom\",\"topic\":\"t\",\"value\":\"acks=all\"}"), "connectionConfig.value"),
                rejected("kafka", body("\"n\"", lifecycle, kafkaCustom("bootstrap.servers=k:9092\\ninterceptor.classes=com.evil.X")), "connectionConfig.value"),
                rejected("kafka", body("\"n\"", lifecycle, kafkaCustom("bootstrap.servers=k:9092\\nkey.serializer=com.evil.X")), "connectionConfig.value"),
                rejected("kafka", body("\"n\"", lifecycle, kafkaCustom("bootstrap.servers=k:9092\\nconfig.providers=file")), "connectionConfig.value"),
                rejected("kafka", body("\"n\"", lifecycle, kafkaCustom("bootstrap.servers=k:9092\\nssl.truststore.location=/etc/shadow")), "connectionConfig.value"),
                rejected("kafka", body("\"n\"", lifecycle, kafkaCustom("bootstrap.servers=k:9092\\nsasl.oauthbearer.token.endpoint.url=file:/etc/passwd")), "connectionConfig.value"),
                rejected("kafka", body("\"n\"", lifecycle, kafkaCustom("bootstrap.servers=k:9092\\nsasl.jaas.config=com.sun.security.auth.module.JndiLoginModule required user.provider.url=\\\"ldap://x\\\";")), "connectionConfig.value"),
                rejected("kafka", body("\"n\"", lifecycle, kafkaCustom("bootstrap.servers=k:9092\\nssl.key.password=******")), "connectionConfig.value"),
                rejected("smartrest", body("\"n\"", lifecycle, "{\"topicPrefix\":\"c8y/#\"}"), "connectionConfig.topicPrefix"),
                rejected("smartrest", body("\"n\"", lifecycle, "{\"uri\":\"ftp://tenant\"}"), "connectionConfig.uri"),
                rejected("smartrest", body("\"n\"", lifecycle, "{\"auth\":{\"type\":\"basic\",\"user\":\"u\",\"password\":null}}"), "connectionConfig.auth.password"),
                // its sink sends neither measurements nor the forwarder's lifecycle events: a black hole
                rejected("smartrest", body("\"n\"", "{\"type\":\"telemetry\",\"lwm2mUrls\":[\"/temperature\"]}", "{\"topicPrefix\":\"site\"}"), "filter"),
                rejected("smartrest", body("\"n\"", "{\"type\":\"lifecycle\",\"eventTypes\":[\"deviceCreated\",\"deviceDeleted\"]}", "{\"topicPrefix\":\"site\"}"), "filter.eventTypes"));
    }

    static String kafkaCustom(String properties) {
        return "{\"type\":\"custom\",\"topic\":\"t\",\"value\":\"" + properties + "\"}";
    }

    @ParameterizedTest(name = "{index}: {2} in {1}")
    @MethodSource("invalidBodies")
    void should_reject_an_invalid_body_naming_the_field_and_store_nothing(String type, String body, String field) {
        String domain = "/validation-" + DOMAINS.incrementAndGet() + "/";

        HandlerApiClient.Answer created = api.post(inDomain("/" + type, domain), body);
        HandlerApiClient.Answer tested = api.post(inDomain("/test/" + type, domain), body);

        assertThat(created.status()).as(created.body()).isEqualTo(400);
        assertThat(created.error()).startsWith(field + ":");
        assertThat(tested.status()).isEqualTo(400);
        assertThat(tested.error()).startsWith(field + ":");
        assertThat(api.get(inDomain("", domain)).json()).isEmpty();
        assertThat(api.get(inDomain("", "/")).json()).isEmpty();
    }

    @Test
    void should_accept_bodies_as_python_coiote_sends_them() {
        String domain = "/coiote/";
        // EventHandlerConfiguration via dataclasses.asdict: every field present, unset ones null
        String webhook = api.create("webhook", domain, """
                {"type":"webhook","name":"influx","enabled":true,
                 "filter":{"eventTypes":["deviceCreated","deviceFirstRegistration"],"type":"lifecycle"},
                 "connectionConfig":{"uri":"https://influx.example/api/v2/write?precision=ms&bucket=b",
                   "auth":{"value":"Token influx-secret","type":"customAuth"},"additionalHeaders":{},
                   "bodyTemplate":null,"format":"influxDb","method":"post"},
                 "domain":"/coiote/","description":null}""");
        String templated = api.create("webhook", domain, """
                {"type":"webhook","name":"templated","enabled":true,"filter":{"lwm2mUrls":["/3303/0/5700"],"type":"telemetry"},
                 "connectionConfig":{"uri":"http://127.0.0.1:9/x","auth":null,"additionalHeaders":{},
                   "bodyTemplate":{"contentType":"json","value":"{\\"v\\":1}"},"format":null,"method":"post"},
                 "domain":"/coiote/","description":null}""");
        String fromDomain = api.create("kafka", domain, """
                {"type":"kafka","name":"k1","enabled":false,"filter":{"eventTypes":["deviceDeleted"],"type":"lifecycle"},
                 "connectionConfig":{"topic":"events","headers":{},"bodyTemplate":null,"type":"domainProperty"},
                 "domain":null,"description":"from domain"}""");
        String custom = api.create("kafka", domain, """
                {"type":"kafka","name":"k2","enabled":true,"filter":{"lwm2mUrls":["/3/0"],"type":"dataModel"},
                 "connectionConfig":{"value":"bootstrap.servers=127.0.0.1:9092","topic":"events","headers":{},
                   "bodyTemplate":null,"type":"custom"},
                 "domain":"/coiote/","description":null}""");

        JsonNode list = api.get(inDomain("", domain)).json();
        assertThat(list).hasSize(4);
        assertThat(list.findValuesAsText("id")).containsExactly(webhook, templated, fromDomain, custom);
        assertThat(api.get("/" + custom).json().path("filter").path("type").asText()).isEqualTo("telemetry");

        // EventHandlerUpdateData via asdict: name/enabled/description/filter/connectionConfig, unset ones null
        HandlerApiClient.Answer updated = api.put("/webhook/" + webhook,
                "{\"name\":\"influx-2\",\"enabled\":null,\"description\":null,\"filter\":null,\"connectionConfig\":null}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().path("name").asText()).isEqualTo("influx-2");
        assertThat(updated.json().path("connectionConfig").path("format").asText()).isEqualTo("influxDb");
        assertThat(updated.json().path("connectionConfig").path("auth").path("value").asText()).isEqualTo("******");
        assertThat(updated.json().path("id").asText()).isEqualTo(webhook);
        assertThat(updated.json().path("type").asText()).isEqualTo("webhook");
    }

    @Test
    void should_store_a_webhooks_max_in_flight_and_give_it_back() {
        String domain = "/in-flight/";
        String id = api.create("webhook", domain, body("\"parallel\"", HandlerBodies.LIFECYCLE,
                "{\"uri\":\"https://r.example/hook\",\"maxInFlight\":8}"));
        assertThat(api.get("/" + id).json().path("connectionConfig").path("maxInFlight").asInt()).isEqualTo(8);

        // a PUT of another field keeps it; one of the connectionConfig sets it
        assertThat(api.put("/webhook/" + id, "{\"description\":\"d\"}").json().path("connectionConfig")
                .path("maxInFlight").asInt()).isEqualTo(8);
        HandlerApiClient.Answer changed = api.put("/webhook/" + id,
                "{\"connectionConfig\":{\"uri\":\"https://r.example/hook\",\"maxInFlight\":1}}");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(api.get("/" + id).json().path("connectionConfig").path("maxInFlight").asInt()).isEqualTo(1);
        HandlerApiClient.Answer refused = api.put("/webhook/" + id,
                "{\"connectionConfig\":{\"uri\":\"https://r.example/hook\",\"maxInFlight\":99}}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.error()).isEqualTo("connectionConfig.maxInFlight: must be a whole number from 1 to 16, not 99");
        assertThat(api.get("/" + id).json().path("connectionConfig").path("maxInFlight").asInt()).isEqualTo(1);
    }

    @Test
    void should_refuse_a_body_domain_that_contradicts_the_query() {
        HandlerApiClient.Answer answer = api.post(inDomain("/webhook", "/one/"),
                "{\"name\":\"n\",\"domain\":\"/two/\",\"filter\":" + HandlerBodies.LIFECYCLE + ",\"connectionConfig\":" + WEBHOOK + "}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error()).startsWith("domain:");
        assertThat(api.get(inDomain("", "/two/")).json()).isEmpty();
    }
}
