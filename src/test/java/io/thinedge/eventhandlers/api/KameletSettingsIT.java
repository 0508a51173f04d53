package io.thinedge.eventhandlers.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.support.ForwarderProcess;
import io.thinedge.eventhandlers.support.HandlerApiClient;
import io.thinedge.eventhandlers.support.HandlerBodies;
import io.thinedge.eventhandlers.support.HttpReceiver;
import io.thinedge.eventhandlers.support.MosquittoBroker;
import io.thinedge.eventhandlers.support.MqttTestClient;
import io.thinedge.eventhandlers.support.RunningForwarder;
import io.thinedge.eventhandlers.support.TokensFiles;

/**
 * Issue 26 items 2 and 3 on the real jar in a gateway folder of its own, with a tenant token:
 * Kamelet property values are data, and the Kamelets a domain may use come from the gateway's
 * configuration, re-read when the file is edited.
 */
class KameletSettingsIT {

    static MosquittoBroker broker;
    static HttpReceiver receiver;
    static ForwarderProcess forwarder;
    static Path properties;
    static HandlerApiClient tenant;
    static HandlerApiClient tenantB;

    @BeforeAll
    static void start() throws IOException {
        broker = MosquittoBroker.start();
        receiver = HttpReceiver.http();
        Path gateway = Files.createTempDirectory("gateway");
        Files.createDirectories(gateway.resolve("config"));
        properties = gateway.resolve("config/application.properties");
        Files.copy(Path.of("config/application.properties"), properties);
        Files.createDirectories(gateway.resolve("routes/kamelets"));
        for (String folder : new String[] {"routes", "routes/kamelets"}) {
            try (var files = Files.newDirectoryStream(Path.of(folder), "*.yaml")) {
                for (Path file : files) {
                    Files.copy(file, gateway.resolve(folder).resolve(file.getFileName()));
                }
            }
        }
        Map<String, String> settings = new HashMap<>(RunningForwarder.defaults(broker));
        // the events of child pump-b are in tenant b's domain
        settings.put("tedge.child-domain.pump-b", "/tenant/b/");
        TokensFiles.write(Path.of(settings.get("api.tokens-file")), "/ root-token\n/tenant/a/ token-a\n/tenant/b/ token-b\n");
        forwarder = ForwarderProcess.start(settings, gateway, Map.of());
        tenant = new HandlerApiClient(forwarder.httpBase(), "token-a");
        tenantB = new HandlerApiClient(forwarder.httpBase(), "token-b");
    }

    @AfterAll
    static void stop() {
        forwarder.close();
        receiver.close();
        broker.close();
    }

    static String handler(String kamelet, String properties) {
        return "{\"name\":\"k\",\"enabled\":true,\"filter\":{\"type\":\"lifecycle\",\"eventTypes\":[\"*\"]},"
                + "\"connectionConfig\":{\"kamelet\":\"" + kamelet + "\",\"properties\":" + properties + "}}";
    }

    @Test
    void should_refuse_placeholders_and_other_components_in_a_tenants_http_sink() {
        for (String url : new String[] {receiver.url("/{{sys:user.name}}/{{env:HOME}}/{{c8y.authorization}}"),
                "file:/tmp?fileName=tenant", "bean:handlerStore", "direct:x", "log:x"}) {
            String body = handler("http-sink", "{\"url\":\"" + url + "\"}");
            for (HandlerApiClient.Answer answer : new HandlerApiClient.Answer[] {tenant.post("/kamelet", body), tenant.post("/test/kamelet", body)}) {
                assertThat(answer.status()).as(url + ": " + answer.body()).isEqualTo(400);
                assertThat(answer.error()).startsWith("connectionConfig.properties.url");
            }
        }
        assertThat(receiver.requests()).isEmpty();
    }

    @Test
    void should_open_a_kamelet_for_a_domain_when_the_configuration_file_says_so() throws IOException {
        String logSink = handler("log-sink", "{}");
        assertThat(tenant.post("/test/kamelet", logSink).status()).isEqualTo(403);
        assertThat(tenant.get("/kamelet/types").json().findValuesAsText("name")).doesNotContain("log-sink");

        Files.writeString(properties, "\nkamelet.domain./tenant/a/.allowed = log-sink\n", StandardOpenOption.APPEND);

        await().atMost(Duration.ofSeconds(30)).until(() -> tenant.get("/kamelet/types").json().findValuesAsText("name")
                .contains("log-sink"));
        assertThat(tenant.get("/kamelet/types").json().findValuesAsText("name")).containsExactly("log-sink");
        assertThat(tenant.post("/test/kamelet", logSink).json().path("successful").asBoolean()).isTrue();
        assertThat(tenant.post("/webhook", HandlerBodies.webhookHandler("w", "{\"uri\":\"" + receiver.url("/w")
                + "\",\"method\":\"post\",\"format\":\"generic\"}")).status()).as("the domain's list replaces the default").isEqualTo(403);
    }

    @Test
    void should_stop_a_running_handler_whose_kamelet_the_configuration_no_longer_allows_keeping_its_events()
            throws IOException {
        try (HttpReceiver hook = HttpReceiver.http(); MqttTestClient device = new MqttTestClient(broker.uri())) {
            String id = tenantB.create("kamelet", "/tenant/b/", "{\"name\":\"b\",\"enabled\":true,"
                    + "\"filter\":{\"type\":\"lifecycle\",\"eventTypes\":[\"b_evt\"]},"
                    + "\"connectionConfig\":{\"kamelet\":\"http-sink\",\"properties\":{\"url\":\"" + hook.url("/b") + "\"}}}");
            device.publish("tedge/events/b_evt/pump-b", "{\"text\":\"allowed\"}");
            await().atMost(Duration.ofSeconds(30)).until(() -> hook.requests().size() == 1);

            Files.writeString(properties, "\nkamelet.domain./tenant/b/.allowed = tedge-webhook-sink\n", StandardOpenOption.APPEND);
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(forwarder.log()).contains("Kamelet allow lists"));
            for (int i = 1; i <= 6; i++) {
                device.publish("tedge/events/b_evt/pump-b", "{\"text\":\"refused " + i + "\"}");
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> tenantB.get("/" + id).json().path("status").asText().equals("failed"));
            assertThat(tenantB.get("/" + id).json().path("lastError").asText())
                    .contains("Kamelet http-sink is no longer allowed for domain /tenant/b/");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> tenantB.get("/" + id + "/deadletters").json().path("waiting").asLong() == 6);
            assertThat(hook.bodies()).as("nothing after the list changed").hasSize(1).allMatch(body -> body.contains("allowed"));
        }
    }
}
