package io.thinedge.eventhandlers.api;

import static io.thinedge.eventhandlers.support.HandlerApiClient.inDomain;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.thinedge.eventhandlers.support.ForwarderExtension;
import io.thinedge.eventhandlers.support.HandlerApiClient;
import io.thinedge.eventhandlers.support.HttpReceiver;

/**
 * Every JSON body of Coiote DM's guide "How to send data outside the application using event
 * handlers" (its fragments completed into whole handlers) and of python-coiote's handler models,
 * through the real API: each is accepted, or refused with a 400 naming the field; the authentication
 * it sets arrives at a real HTTP receiver; and no secret it holds comes back in any answer.
 * Secrets are replaced by markers so that an echo is easy to spot.
 */
class CoioteDocumentedBodiesTest {

    /** Stands for the receiver's URI in the bodies below. */
    private static final String RECEIVER = "RECEIVER_URI";
    private static final List<String> SECRETS = List.of("doc-basic-password", "doc-bearer-token", "doc-header-secret",
            "doc-influx-token", "doc-kafka-password", "py-basic-password", "py-bearer-token", "py-influx-token");

    @RegisterExtension
    static final ForwarderExtension forwarder = ForwarderExtension.withDefaults()
            .property("kafka.domain./.bootstrap.servers", "127.0.0.1:9");
    static final HandlerApiClient api = new HandlerApiClient(forwarder);
    static HttpReceiver receiver;
    static final AtomicInteger DOMAINS = new AtomicInteger();

    @BeforeAll
    static void startReceiver() {
        receiver = HttpReceiver.http();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    /** The token the forwarder wrote for / into its new tokens file. */
    static String rootToken(String tokensFile) throws Exception {
        return java.nio.file.Files.readAllLines(java.nio.file.Path.of(tokensFile)).stream()
                .filter(line -> line.startsWith("/ ")).findFirst().orElseThrow().substring(2).strip();
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A row: the body, and either the header the receiver must get or the field a 400 names. */
    static Arguments accepted(String name, String type, String body, String header, String value) {
        return Arguments.of(name, type, body, null, header, value);
    }

    static Arguments refused(String name, String type, String body, String field) {
        return Arguments.of(name, type, body, field, null, null);
    }

    static Stream<Arguments> documentedBodies() {
        String lifecycle = "{\"type\":\"lifecycle\",\"eventTypes\":[\"deviceFirstRegistration\",\"deviceUpdatedViaFota\"]}";
        String telemetry = "{\"type\":\"telemetry\",\"lwm2mUrls\":[\"/6/0/0\",\"/3303\"]}";
        return Stream.of(
                // --- the guide: Kafka handlers, as printed
                accepted("guide: Kafka from domain properties", "kafka", """
                        {"type":"kafka","name":"Domain Kafka event handler","enabled":true,
                         "connectionConfig":{"type":"domainProperties","topic":"coiote.deviceEvents","headers":{"Origin":"Coiote-DM"}},
                         "filter":{"type":"lifecycle","eventTypes":["deviceCreated"]},
                         "description":"This handler forwards data to kafka-cloud.com"}""", null, null),
                accepted("guide: Kafka with custom properties", "kafka", """
                        {"type":"kafka","name":"Custom Kafka event handler","enabled":true,
                         "connectionConfig":{"type":"custom",
                           "value":"bootstrap.servers=kafka-cloud.com:9093\\nsecurity.protocol=SASL_PLAINTEXT\\nsasl.mechanism=SCRAM-SHA-256\\nsasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\\"kafka-user\\" password=\\"doc-kafka-password\\";",
                           "topic":"iot.deviceEvents","headers":{"Origin":"IoT DM"}},
                         "filter":{"type":"lifecycle","eventTypes":["deviceCreated"]},
                         "description":"This handler forwards data to kafka-cloud.com"}""", null, null),
                // --- the guide: the filter fragments, in a whole webhook handler
                accepted("guide: telemetry filter", "webhook", webhook(telemetry, "{\"uri\":\"" + RECEIVER + "\"}"), null, null),
                accepted("guide: lifecycle filter", "webhook", webhook(lifecycle, "{\"uri\":\"" + RECEIVER + "\"}"), null, null),
                // --- the guide: its three ways to authenticate a webhook
                refused("guide: basic auth fragment as printed (no uri)", "webhook", webhook(lifecycle,
                        "{\"type\":\"basic\",\"user\":\"doc-user\",\"password\":\"doc-basic-password\"}"), "connectionConfig.uri"),
                accepted("guide: basic auth fragment with a uri", "webhook", webhook(lifecycle,
                        "{\"type\":\"basic\",\"user\":\"doc-user\",\"password\":\"doc-basic-password\",\"uri\":\"" + RECEIVER + "\"}"),
                        "Authorization", basic("doc-user", "doc-basic-password")),
                refused("guide: token fragment as printed (no uri)", "webhook", webhook(lifecycle,
                        "{\"type\":\"token\",\"token\":\"doc-bearer-token\"}"), "connectionConfig.uri"),
                accepted("guide: token fragment with a uri", "webhook", webhook(lifecycle,
                        "{\"type\":\"token\",\"token\":\"doc-bearer-token\",\"uri\":\"" + RECEIVER + "\"}"),
                        "Authorization", "Bearer doc-bearer-token"),
                refused("guide: top-level additionalHeaders as printed (connectionConfig null)", "webhook",
                        webhookWithTopLevelHeaders(lifecycle, "null"), "connectionConfig.uri"),
                accepted("guide: top-level additionalHeaders with a connectionConfig", "webhook",
                        webhookWithTopLevelHeaders(lifecycle, "{\"uri\":\"" + RECEIVER + "\"}"), "X-Custom-Auth", "doc-header-secret"),
                // --- the guide: its curl example for InfluxDB
                accepted("guide: curl to InfluxDB Cloud", "webhook", """
                        {"type":"webhook","name":"Influx event handler","enabled":true,
                         "connectionConfig":{"method":"post","format":"influxDb","additionalHeaders":{"Authorization":"Token doc-influx-token"},
                           "uri":"RECEIVER_URI","auth":null},
                         "filter":{"type":"telemetry","lwm2mUrls":["/6/0/0"]},
                         "description":"This handler forwards location data to InfluxDB Cloud"}""",
                        "Authorization", "Token doc-influx-token"),
                // --- python-coiote: dataclasses.asdict of its models (every field present)
                accepted("python-coiote: create_influx_handler", "webhook", """
                        {"type":"webhook","name":"influx","enabled":true,"filter":{"lwm2mUrls":["/6/0/0"],"type":"telemetry"},
                         "connectionConfig":{"uri":"RECEIVER_URI","auth":{"value":"Token py-influx-token","type":"customAuth"},
                           "additionalHeaders":{},"bodyTemplate":null,"format":"influxDb","method":"post"},
                         "domain":null,"description":null}""", "Authorization", "Token py-influx-token"),
                accepted("python-coiote: BasicAuth", "webhook", """
                        {"type":"webhook","name":"basic","enabled":true,"filter":{"eventTypes":["deviceCreated"],"type":"lifecycle"},
                         "connectionConfig":{"uri":"RECEIVER_URI","auth":{"user":"py-user","password":"py-basic-password","type":"basic"},
                           "additionalHeaders":{},"bodyTemplate":null,"format":null,"method":"post"},
                         "domain":null,"description":null}""", "Authorization", basic("py-user", "py-basic-password")),
                accepted("python-coiote: Token", "webhook", """
                        {"type":"webhook","name":"token","enabled":true,"filter":{"eventTypes":["deviceCreated"],"type":"lifecycle"},
                         "connectionConfig":{"uri":"RECEIVER_URI","auth":{"token":"py-bearer-token","type":"token"},
                           "additionalHeaders":{},"bodyTemplate":{"contentType":"text","value":"event"},"format":"generic","method":"put"},
                         "domain":null,"description":null}""", "Authorization", "Bearer py-bearer-token"),
                accepted("python-coiote: KafkaFromPropertiesConnectionConfig", "kafka", """
                        {"type":"kafka","name":"k1","enabled":true,"filter":{"eventTypes":["deviceDeleted"],"type":"lifecycle"},
                         "connectionConfig":{"topic":"events","headers":{},"bodyTemplate":null,"type":"domainProperty"},
                         "domain":null,"description":null}""", null, null),
                accepted("python-coiote: CustomKafkaConnectionConfig", "kafka", """
                        {"type":"kafka","name":"k2","enabled":true,"filter":{"lwm2mUrls":["/3/0"],"type":"telemetry"},
                         "connectionConfig":{"value":"bootstrap.servers=127.0.0.1:9092","topic":"events","headers":{},
                           "bodyTemplate":null,"type":"custom"},"domain":null,"description":null}""", null, null),
                accepted("python-coiote (older): RawKafkaConnectionConfig and DataEventHandlerFilter", "kafka", """
                        {"type":"kafka","name":"k3","enabled":true,"filter":{"lwm2mUrls":["/3/0"],"type":"dataModel"},
                         "connectionConfig":{"value":"bootstrap.servers=127.0.0.1:9092","topic":"events","type":"raw"},
                         "domain":null,"description":null}""", null, null),
                // --- the short forms mixed with the long ones: ambiguous, so refused
                refused("short and nested auth together", "webhook", webhook(lifecycle, "{\"uri\":\"" + RECEIVER
                        + "\",\"type\":\"token\",\"token\":\"x\",\"auth\":{\"type\":\"token\",\"token\":\"y\"}}"), "connectionConfig.type"),
                refused("an unknown short auth type", "webhook", webhook(lifecycle, "{\"uri\":\"" + RECEIVER
                        + "\",\"type\":\"oauth\",\"token\":\"x\"}"), "connectionConfig.type"),
                refused("top-level additionalHeaders not an object", "webhook", "{\"name\":\"n\",\"filter\":" + lifecycle
                        + ",\"additionalHeaders\":\"X-A: 1\",\"connectionConfig\":{\"uri\":\"" + RECEIVER + "\"}}", "additionalHeaders"),
                refused("headers at both levels", "webhook", "{\"name\":\"n\",\"filter\":" + lifecycle
                        + ",\"additionalHeaders\":{\"A\":\"1\"},\"connectionConfig\":{\"uri\":\"" + RECEIVER
                        + "\",\"additionalHeaders\":{\"B\":\"2\"}}}", "additionalHeaders"));
    }

    static String webhook(String filter, String connectionConfig) {
        return "{\"type\":\"webhook\",\"name\":\"doc webhook\",\"enabled\":true,\"filter\":" + filter
                + ",\"connectionConfig\":" + connectionConfig + "}";
    }

    static String webhookWithTopLevelHeaders(String filter, String connectionConfig) {
        return "{\"type\":\"webhook\",\"name\":\"doc webhook\",\"enabled\":true,\"filter\":" + filter
                + ",\"connectionConfig\":" + connectionConfig + ",\"additionalHeaders\":{\"X-Custom-Auth\":\"doc-header-secret\"}}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documentedBodies")
    void should_accept_or_refuse_each_documented_body_and_never_echo_its_secrets(String name, String type, String template,
            String refusedField, String header, String headerValue) {
        String domain = "/coiote-doc-" + DOMAINS.incrementAndGet() + "/";
        String body = template.replace(RECEIVER, receiver.url("/" + domain.replace("/", "")));

        HandlerApiClient.Answer created = api.post(inDomain("/" + type, domain), body);

        if (refusedField != null) {
            assertThat(created.status()).as(created.body()).isEqualTo(400);
            assertThat(created.error()).startsWith(refusedField + ":");
            assertThat(api.get(inDomain("", domain)).json()).isEmpty();
            return;
        }
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().asText();
        if (header != null) {
            assertThat(api.post(inDomain("/test/existing/" + id, domain), "").json().path("successful").asBoolean()).isTrue();
            HttpReceiver.Request request = receiver.requests().stream()
                    .filter(r -> r.uri().startsWith("/" + domain.replace("/", ""))).reduce((first, last) -> last).orElseThrow();
            assertThat(request.header(header)).isEqualTo(headerValue);
        }
        JsonNode stored = api.get(inDomain("/" + id, domain)).json();
        HandlerApiClient.Answer renamed = api.put(inDomain("/" + type + "/" + id, domain), "{\"name\":\"renamed\"}");
        assertThat(renamed.status()).isEqualTo(200);
        for (String answer : List.of(stored.toString(), api.get(inDomain("", domain)).body(), renamed.body())) {
            SECRETS.forEach(secret -> assertThat(answer).doesNotContain(secret));
        }
        // only the nested form is stored: no short-form fields are left in connectionConfig
        assertThat(stored.path("connectionConfig").has("user")).isFalse();
        assertThat(stored.path("connectionConfig").has("password")).isFalse();
        assertThat(stored.path("connectionConfig").has("token")).isFalse();
    }

    @Test
    void should_keep_a_short_form_secret_when_a_put_sends_the_placeholder_back() {
        String domain = "/coiote-put/";
        String uri = receiver.url("/coiote-put");
        String id = api.create("webhook", domain, webhook("{\"type\":\"lifecycle\",\"eventTypes\":[\"*\"]}",
                "{\"uri\":\"" + uri + "\",\"type\":\"basic\",\"user\":\"put-user\",\"password\":\"doc-basic-password\"}"));
        JsonNode stored = api.get("/" + id).json();
        assertThat(stored.path("connectionConfig").path("auth").path("type").asText()).isEqualTo("basic");
        assertThat(stored.path("connectionConfig").path("auth").path("password").asText()).isEqualTo(SecretMasking.PLACEHOLDER);

        HandlerApiClient.Answer updated = api.put("/webhook/" + id, "{\"connectionConfig\":{\"uri\":\"" + uri
                + "\",\"type\":\"basic\",\"user\":\"put-user\",\"password\":\"" + SecretMasking.PLACEHOLDER + "\"},"
                + "\"additionalHeaders\":{\"X-Site\":\"north\"}}");
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.body()).doesNotContain("doc-basic-password");

        assertThat(api.post("/test/existing/" + id, "").json().path("successful").asBoolean()).isTrue();
        HttpReceiver.Request request = receiver.requests().stream().filter(r -> r.uri().startsWith("/coiote-put"))
                .reduce((first, last) -> last).orElseThrow();
        assertThat(request.header("Authorization")).isEqualTo(basic("put-user", "doc-basic-password"));
        assertThat(request.header("X-Site")).isEqualTo("north");
    }
}
