package io.thinedge.eventhandlers.dispatch;

import static io.thinedge.eventhandlers.support.HandlerBodies.handler;
import static io.thinedge.eventhandlers.support.HandlerBodies.lifecycle;
import static io.thinedge.eventhandlers.support.Handlers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.thinedge.eventhandlers.handler.HandlerStatus;
import io.thinedge.eventhandlers.support.ForwarderExtension;
import io.thinedge.eventhandlers.support.HandlerApiClient;
import io.thinedge.eventhandlers.support.MosquittoBroker;
import io.thinedge.eventhandlers.support.MqttTestClient;

/**
 * Handlers of type {@code kamelet}: any Kamelet sink as a destination (Camel's catalog, the
 * project's folder, one dropped in while running), validated against its schema, its secrets
 * masked, failing like any handler. Against the real application and a real Mosquitto.
 */
class KameletHandlersTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String TOKEN = "kamelet-token";

    static Path kamelets;

    @RegisterExtension
    static final ForwarderExtension forwarder = ForwarderExtension.withDefaults()
            .property("handlers.retest-interval", "0")
            .properties(properties -> {
                kamelets = Files.createTempDirectory("kamelets");
                properties.put("camel.component.kamelet.location", "file:" + kamelets + ",file:routes/kamelets,classpath:kamelets");
                properties.put("kamelet.allowed", "log-sink,mqtt5-sink,http-sink,hot-sink,mqtt5-source,slack-sink,no-such-sink");
            })
            .token(TOKEN).deletingHandlersAfterEach();
    static final HandlerApiClient api = new HandlerApiClient(forwarder);

    static String mqtt5Sink(String topic, int port, String password) {
        return "{\"kamelet\":\"mqtt5-sink\",\"properties\":{\"topic\":\"" + topic + "\",\"brokerUrl\":\"tcp://127.0.0.1:" + port
                + "\"" + (password == null ? "" : ",\"password\":\"" + password + "\"") + "}}";
    }

    @Test
    void should_deliver_through_the_catalogs_mqtt5_sink_to_a_real_broker() {
        try (MqttTestClient cloud = new MqttTestClient(forwarder.broker().uri()).subscribe("out/kamelet")) {
            api.create("kamelet", "/", handler("to mqtt", true, lifecycle("kam_evt"), mqtt5Sink("out/kamelet", forwarder.broker().port(), null)));

            forwarder.device().publish("tedge/events/kam_evt/pump-9", "{\"text\":\"through a Kamelet\",\"time\":\"2024-05-01T10:00:00Z\"}");

            await().atMost(WAIT).until(() -> cloud.payloadsOn("out/kamelet").size() == 1);
            JsonNode delivered = json(cloud.payloadsOn("out/kamelet").get(0));
            assertThat(delivered.path("eventType").asText()).isEqualTo("kam_evt");
            assertThat(delivered.path("endpointName").asText()).isEqualTo("pump-9");
            assertThat(delivered.path("text").asText()).isEqualTo("through a Kamelet");
        }
    }

    @Test
    void should_list_the_catalogs_sinks_with_their_schemas_but_not_the_built_in_ones() {
        JsonNode types = json(api.send("GET", "/kamelet/types", null).body());

        assertThat(types.findValuesAsText("name")).contains("log-sink", "mqtt5-sink", "http-sink")
                .doesNotContain("tedge-kafka-sink", "tedge-webhook-sink", "mqtt5-source")
                .as("only sinks whose Camel components the jar holds").doesNotContain("aws-s3-sink", "slack-sink");
        JsonNode mqtt = java.util.stream.StreamSupport.stream(types.spliterator(), false)
                .filter(type -> type.path("name").asText().equals("mqtt5-sink")).findFirst().orElseThrow();
        assertThat(mqtt.path("required").toString()).contains("topic", "brokerUrl");
        assertThat(mqtt.path("properties").path("password").path("format").asText()).isEqualTo("password");
    }

    @Test
    void should_refuse_properties_the_kamelets_schema_does_not_allow_naming_the_field() {
        HandlerApiClient.Answer missing = api.send("POST", "/kamelet", handler("bad", true, lifecycle("*"),
                "{\"kamelet\":\"mqtt5-sink\",\"properties\":{\"brokerUrl\":\"tcp://127.0.0.1:1\"}}"));
        HandlerApiClient.Answer unknownKamelet = api.send("POST", "/kamelet", handler("bad", true, lifecycle("*"),
                "{\"kamelet\":\"no-such-sink\",\"properties\":{}}"));
        HandlerApiClient.Answer unknownProperty = api.send("POST", "/kamelet", handler("bad", true, lifecycle("*"),
                "{\"kamelet\":\"mqtt5-sink\",\"properties\":{\"topic\":\"t\",\"brokerUrl\":\"tcp://x:1\",\"colour\":\"red\"}}"));
        HandlerApiClient.Answer source = api.send("POST", "/kamelet", handler("bad", true, lifecycle("*"),
                "{\"kamelet\":\"mqtt5-source\",\"properties\":{}}"));
        HandlerApiClient.Answer notInTheJar = api.send("POST", "/kamelet", handler("bad", true, lifecycle("*"),
                "{\"kamelet\":\"slack-sink\",\"properties\":{}}"));

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body()).contains("connectionConfig.properties.topic");
        assertThat(unknownKamelet.status()).isEqualTo(400);
        assertThat(unknownKamelet.body()).contains("connectionConfig.kamelet").contains("no-such-sink");
        assertThat(unknownProperty.status()).isEqualTo(400);
        assertThat(unknownProperty.body()).contains("connectionConfig.properties.colour");
        assertThat(source.status()).isEqualTo(400);
        assertThat(source.body()).contains("connectionConfig.kamelet").contains("not a sink");
        assertThat(notInTheJar.status()).isEqualTo(400);
        assertThat(notInTheJar.body()).contains("connectionConfig.kamelet").contains("camel:slack");
        assertThat(forwarder.store().all()).isEmpty();
    }

    @Test
    void should_mask_a_password_property_in_every_answer_and_keep_it_when_sent_back_masked() {
        String id = api.create("kamelet", "/", handler("secret", true, lifecycle("*"), mqtt5Sink("t", forwarder.broker().port(), "s3cr3t-pw")));

        JsonNode read = api.get(id, "/");
        assertThat(read.path("type").asText()).isEqualTo("kamelet");
        assertThat(read.path("connectionConfig").path("properties").path("password").asText()).isEqualTo("******");
        assertThat(read.toString()).doesNotContain("s3cr3t-pw");
        assertThat(api.send("GET", "?domain=/", null).body()).doesNotContain("s3cr3t-pw");

        JsonNode updated = api.update("kamelet", id, "/", "{\"name\":\"renamed\",\"connectionConfig\":"
                + read.path("connectionConfig") + "}");
        assertThat(updated.toString()).doesNotContain("s3cr3t-pw");
        assertThat(forwarder.store().find(id).orElseThrow().connectionConfig().path("properties").path("password").asText())
                .isEqualTo("s3cr3t-pw");
    }

    @Test
    void should_fail_a_kamelet_handler_after_five_failed_deliveries_and_enable_it_again_on_a_successful_test() throws Exception {
        try (MosquittoBroker dead = MosquittoBroker.start()) {
            int port = dead.port();
            dead.close();
            String id = api.create("kamelet", "/", handler("dead", true, lifecycle("dead_evt"), mqtt5Sink("t", port, null)));

            for (int i = 0; i < 5; i++) {
                forwarder.device().publish("tedge/events/dead_evt", "{}");
            }

            await().atMost(WAIT).until(() -> forwarder.store().find(id).orElseThrow().state().status() == HandlerStatus.FAILED);
            assertThat(forwarder.store().find(id).orElseThrow().state().lastError()).isNotBlank();
            assertThat(api.testExisting(id, "/").path("successful").asBoolean()).isFalse();

            api.update("kamelet", id, "/", "{\"connectionConfig\":" + mqtt5Sink("out/revived", forwarder.broker().port(), null) + "}");
            assertThat(api.testExisting(id, "/").path("successful").asBoolean()).isTrue();
            assertThat(forwarder.store().find(id).orElseThrow().state().status()).isEqualTo(HandlerStatus.ACTIVE);
        }
    }

    @Test
    void should_use_a_kamelet_dropped_into_the_folder_while_running() throws Exception {
        HandlerApiClient.Answer before = api.send("POST", "/kamelet", handler("hot", true, lifecycle("hot_evt"),
                "{\"kamelet\":\"hot-sink\",\"properties\":{\"topic\":\"out/hot\",\"port\":" + forwarder.broker().port() + "}}"));
        assertThat(before.status()).isEqualTo(400);

        Files.writeString(kamelets.resolve("hot-sink.kamelet.yaml"), """
                apiVersion: camel.apache.org/v1
                kind: Kamelet
                metadata:
                  name: hot-sink
                  labels:
                    camel.apache.org/kamelet.type: "sink"
                spec:
                  definition:
                    title: "Hot sink"
                    required: [topic, port]
                    properties:
                      topic: {title: Topic, type: string}
                      port: {title: Port, type: integer}
                  template:
                    from:
                      uri: "kamelet:source"
                      steps:
                        - setBody:
                            simple: "hot:${body}"
                        - to: "paho-mqtt5:{{topic}}?brokerUrl=tcp://127.0.0.1:{{port}}"
                """);
        try (MqttTestClient cloud = new MqttTestClient(forwarder.broker().uri()).subscribe("out/hot")) {
            api.create("kamelet", "/", handler("hot", true, lifecycle("hot_evt"),
                    "{\"kamelet\":\"hot-sink\",\"properties\":{\"topic\":\"out/hot\",\"port\":" + forwarder.broker().port() + "}}"));
            assertThat(json(api.send("GET", "/kamelet/types", null).body()).findValuesAsText("name")).contains("hot-sink");

            forwarder.device().publish("tedge/events/hot_evt", "{\"text\":\"hot\"}");

            await().atMost(WAIT).until(() -> cloud.payloadsOn("out/hot").size() == 1);
            assertThat(cloud.payloadsOn("out/hot").get(0)).startsWith("hot:{\"eventType\":\"hot_evt\"");
        }
    }
}
