package io.thinedge.eventhandlers.api;

import static io.thinedge.eventhandlers.support.HandlerApiClient.inDomain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.support.ForwarderProcess;
import io.thinedge.eventhandlers.support.HandlerApiClient;
import io.thinedge.eventhandlers.support.TokensFiles;
import io.thinedge.eventhandlers.support.KafkaTestCluster;
import io.thinedge.eventhandlers.support.MosquittoBroker;
import io.thinedge.eventhandlers.support.MqttTestClient;
import io.thinedge.eventhandlers.support.RunningForwarder;

/**
 * The real jar in a gateway folder of its own (config/, routes/): {@code kafka.domain.*} keys from
 * {@code -D} and the environment override the file like every other key, and the Kafka domain
 * properties and the API tokens are re-read when their files change, with no restart.
 */
class LiveSettingsIT {

    static final String DEAD = "127.0.0.1:9";

    static MosquittoBroker broker;
    static KafkaTestCluster kafka;
    static ForwarderProcess forwarder;
    static Path gateway;
    static Path tokens;
    static HandlerApiClient api;

    @BeforeAll
    static void start() throws IOException {
        broker = MosquittoBroker.start();
        kafka = KafkaTestCluster.start();
        gateway = Files.createTempDirectory("gateway");
        Files.createDirectories(gateway.resolve("config"));
        Files.copy(Path.of("config/application.properties"), gateway.resolve("config/application.properties"));
        Files.createDirectories(gateway.resolve("routes"));
        try (var routes = Files.newDirectoryStream(Path.of("routes"), "*.camel.yaml")) {
            for (Path route : routes) {
                Files.copy(route, gateway.resolve("routes").resolve(route.getFileName()));
            }
        }
        // the file names a dead broker for /site/; the environment overrides it with the real one
        append(gateway.resolve("config/application.properties"), "kafka.domain./site/.bootstrap.servers = " + DEAD);
        Map<String, String> properties = RunningForwarder.defaults(broker);
        properties.put("tedge.device.domain", "/site/");
        properties.put("kafka.domain./from-d/.bootstrap.servers", DEAD);
        tokens = Path.of(properties.get("api.tokens-file"));
        TokensFiles.write(tokens, "/ first-token\n");
        forwarder = ForwarderProcess.start(properties, gateway,
                Map.of("KAFKA_DOMAIN__SITE__BOOTSTRAP_SERVERS", kafka.bootstrapServers()));
        api = new HandlerApiClient(forwarder.httpBase(), "first-token");
    }

    @AfterAll
    static void stop() {
        forwarder.close();
        kafka.close();
        broker.close();
    }

    static void append(Path file, String line) {
        try {
            Files.writeString(file, "\n" + line + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String domainHandler(String topic) {
        return "{\"name\":\"domain kafka\",\"enabled\":true,\"filter\":{\"type\":\"lifecycle\",\"eventTypes\":[\"door_open\"]},"
                + "\"connectionConfig\":{\"type\":\"domainProperties\",\"topic\":\"" + topic + "\"}}";
    }

    @Test
    void should_take_kafka_domain_properties_from_system_properties_and_the_environment() {
        assertThat(api.post(inDomain("/kafka", "/from-d/"), domainHandler("t")).status()).isEqualTo(201);
        HandlerApiClient.Answer nowhere = api.post(inDomain("/kafka", "/nowhere/"), domainHandler("t"));
        assertThat(nowhere.status()).isEqualTo(400);
        assertThat(nowhere.error()).startsWith("connectionConfig.type:").contains("/nowhere/");

        String id = api.create("kafka", "/site/", domainHandler("from-env"));
        try (KafkaConsumer<String, String> consumer = kafka.consumer("from-env");
                MqttTestClient device = new MqttTestClient(broker.uri())) {
            device.publish("tedge/events/door_open/pump-7", "{\"text\":\"through the environment's broker\"}");

            assertThat(KafkaTestCluster.poll(consumer, 1).get(0).value()).contains("through the environment's broker");
        }

        // the file changes: the running handler is rebuilt with the new set (a tiny max.request.size refuses the event)
        append(gateway.resolve("config/application.properties"), "kafka.domain./site/.max.request.size = 100");
        await("properties re-read").atMost(Duration.ofSeconds(20)).until(() -> Files.readString(forwarder.log())
                .contains("Kafka properties of the domains"));
        try (MqttTestClient device = new MqttTestClient(broker.uri())) {
            device.publish("tedge/events/door_open/pump-7", "{\"text\":\"" + "x".repeat(200) + "\"}");
        }
        await("delivery refused by the new properties").atMost(Duration.ofSeconds(30))
                .until(() -> api.get("/" + id).json().path("consecutiveFailures").asInt() > 0);
        api.delete("/" + id);
    }

    @Test
    void should_warn_once_naming_each_setting_that_needs_a_restart_when_the_file_changes_it() throws IOException {
        append(gateway.resolve("config/application.properties"), "webhook.timeout = 3s\n"
                + "tedge.child-domain.pump-9 = /north/\nc8y.topic-prefix = c8y-secret-prefix");

        for (String key : new String[] {"webhook.timeout", "tedge.child-domain.pump-9", "c8y.topic-prefix"}) {
            await(key + " named").atMost(Duration.ofSeconds(20)).until(() -> Files.readString(forwarder.log()).lines()
                    .anyMatch(line -> line.contains("WARN") && line.contains("Setting " + key + " was changed")
                            && line.contains("restart")));
        }
        String log = Files.readString(forwarder.log());
        assertThat(log).as("values are never logged").doesNotContain("c8y-secret-prefix");
        assertThat(log.lines().filter(line -> line.contains("Setting webhook.timeout was changed"))).hasSize(1);
        assertThat(log).doesNotContain("Setting kafka.domain.");
    }

    @Test
    void should_pick_up_a_new_domain_added_to_the_file_without_a_restart() {
        HandlerApiClient.Answer before = api.post(inDomain("/kafka", "/later/"), domainHandler("t"));
        assertThat(before.status()).isEqualTo(400);

        append(gateway.resolve("config/application.properties"), "kafka.domain./later/.bootstrap.servers = " + DEAD);

        await("a handler of /later/ accepted").atMost(Duration.ofSeconds(20))
                .until(() -> api.post(inDomain("/kafka", "/later/"), domainHandler("t")).status() == 201);
    }

    @Test
    void should_pick_up_tokens_added_and_removed_without_a_restart() throws IOException {
        HandlerApiClient second = api.withToken("second-token");
        assertThat(second.get("").status()).isEqualTo(401);

        Files.writeString(tokens, "/ first-token\n/tenant/ second-token\n");
        await("new token accepted").atMost(Duration.ofSeconds(20)).until(() -> second.get(inDomain("", "/tenant/")).status() == 200);
        assertThat(second.get(inDomain("", "/")).status()).isEqualTo(403);

        // saved the way editors save: a new file renamed over the old one
        Path replacement = tokens.resolveSibling("api-tokens.new");
        TokensFiles.write(replacement, "/ first-token\n");
        Files.move(replacement, tokens, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        await("removed token refused").atMost(Duration.ofSeconds(20)).until(() -> second.get(inDomain("", "/tenant/")).status() == 401);
        assertThat(api.get("").status()).isEqualTo(200);

        // a file that does not parse keeps the tokens in effect
        Files.writeString(tokens, "/ first-token extra-word\n");
        await("the broken file reported").atMost(Duration.ofSeconds(20)).until(() -> Files.readString(forwarder.log())
                .contains("previous settings stay in effect"));
        assertThat(api.get("").status()).isEqualTo(200);
        Files.writeString(tokens, "/ first-token\n");
    }
}
