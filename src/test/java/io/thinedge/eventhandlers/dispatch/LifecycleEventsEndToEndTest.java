package io.thinedge.eventhandlers.dispatch;

import static io.thinedge.eventhandlers.support.HandlerBodies.handler;
import static io.thinedge.eventhandlers.support.HandlerBodies.lifecycle;
import static io.thinedge.eventhandlers.support.HandlerBodies.telemetry;
import static io.thinedge.eventhandlers.support.HandlerBodies.webhook;
import static io.thinedge.eventhandlers.support.Handlers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.thinedge.eventhandlers.support.ForwarderExtension;
import io.thinedge.eventhandlers.support.HandlerApiClient;
import io.thinedge.eventhandlers.support.HttpReceiver;

/**
 * Coiote's lifecycle events raised from what thin-edge publishes (registrations, their clearing,
 * completed commands) and thin-edge 1.x measurements, from a real Mosquitto through the real
 * application to real webhook receivers. Every test uses devices of its own.
 */
class LifecycleEventsEndToEndTest {

    static final String TOKEN = "lifecycle-token-0123456789abcdef0123456789ab";
    static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final ForwarderExtension forwarder = ForwarderExtension.withDefaults()
            .property("handlers.retest-interval", "0")
            .property("tedge.child-domain.lc-site-child", "/site/")
            .token(TOKEN).deviceSubscribedTo("tedge/errors").deletingHandlersAfterEach();
    static final HandlerApiClient api = new HandlerApiClient(forwarder);

    @AfterEach
    void forgetReceived() {
        forwarder.device().clear();
    }

    static List<String> types(HttpReceiver receiver) {
        return receiver.bodies().stream().map(body -> json(body).path("eventType").asText()).toList();
    }

    @Test
    void should_raise_device_created_for_a_registered_child_and_device_deleted_when_its_registration_is_cleared() {
        try (HttpReceiver receiver = HttpReceiver.http()) {
            api.create("webhook", "/", handler("lifecycle", true, lifecycle("deviceCreated", "deviceDeleted"),
                    webhook(receiver.url("/l"))));

            forwarder.device().publishRetained("te/device/lc-child-1//", "{\"@type\":\"child-device\",\"name\":\"Pump 1\",\"type\":\"pump\"}");
            await().atMost(WAIT).until(() -> receiver.requests().size() == 1);
            JsonNode created = json(receiver.bodies().get(0));
            assertThat(created.path("eventType").asText()).isEqualTo("deviceCreated");
            assertThat(created.path("endpointName").asText()).isEqualTo("lc-child-1");
            assertThat(created.path("domain").asText()).isEqualTo("/");
            assertThat(created.path("data")).isEqualTo(json("{\"@type\":\"child-device\",\"name\":\"Pump 1\",\"type\":\"pump\"}"));

            forwarder.device().publishRetained("te/device/lc-child-1//", "");
            await().atMost(WAIT).until(() -> receiver.requests().size() == 2);
            JsonNode deleted = json(receiver.bodies().get(1));
            assertThat(deleted.path("eventType").asText()).isEqualTo("deviceDeleted");
            assertThat(deleted.path("endpointName").asText()).isEqualTo("lc-child-1");
        }
    }

    @Test
    void should_name_a_registered_service_after_its_device_and_tag_it_with_the_devices_domain() {
        try (HttpReceiver receiver = HttpReceiver.http()) {
            api.create("webhook", "/site/", handler("site", true, lifecycle("deviceCreated"), webhook(receiver.url("/s"))));

            forwarder.device().publishRetained("te/device/lc-site-child/service/nodered", "{\"@type\":\"service\",\"name\":\"nodered\"}");
            await().atMost(WAIT).until(() -> receiver.requests().size() == 1);
            JsonNode created = json(receiver.bodies().get(0));
            assertThat(created.path("endpointName").asText()).isEqualTo("lc-site-child/service/nodered");
            assertThat(created.path("domain").asText()).isEqualTo("/site/");
            assertThat(created.path("data").path("@type").asText()).isEqualTo("service");
        }
    }

    @Test
    void should_create_a_child_once_when_it_is_seen_on_the_classic_topics_and_then_registered() {
        try (HttpReceiver receiver = HttpReceiver.http()) {
            api.create("webhook", "/", handler("both ways", true,
                    lifecycle("deviceCreated", "deviceFirstRegistration", "lc_evt"), webhook(receiver.url("/b"))));

            forwarder.device().publish("tedge/events/lc_evt/lc-child-2", "{\"text\":\"hello\"}");
            await().atMost(WAIT).until(() -> receiver.requests().size() == 3);
            assertThat(types(receiver)).containsExactly("deviceCreated", "deviceFirstRegistration", "lc_evt");
            assertThat(receiver.bodies()).extracting(body -> json(body).path("endpointName").asText()).containsOnly("lc-child-2");

            forwarder.publishRetainedAndWait("te-registrations", "te/device/lc-child-2//", "{\"@type\":\"child-device\"}");
            assertThat(types(receiver)).containsExactly("deviceCreated", "deviceFirstRegistration", "lc_evt");
        }
    }

    @Test
    void should_raise_device_updates_when_firmware_and_configuration_updates_succeed() {
        try (HttpReceiver receiver = HttpReceiver.http()) {
            api.create("webhook", "/", handler("updates", true, lifecycle("deviceUpdatedViaFota", "deviceUpdatedViaWrite"),
                    webhook(receiver.url("/u"))));

            String firmware = "te/device/lc-child-3///cmd/firmware_update/fw-1";
            String fields = "\"name\":\"core-image\",\"version\":\"1.2.0\",\"url\":\"http://127.0.0.1:8000/tedge/file-transfer/fw\"";
            forwarder.device().publishRetained(firmware, "{\"status\":\"init\"," + fields + "}");
            forwarder.device().publishRetained(firmware, "{\"status\":\"executing\"," + fields + "}");
            forwarder.device().publishRetained(firmware, "{\"status\":\"successful\"," + fields + "}");
            String failedConfig = "te/device/lc-child-3///cmd/config_update/cfg-1";
            forwarder.device().publishRetained(failedConfig, "{\"status\":\"failed\",\"type\":\"tedge.toml\",\"reason\":\"denied\"}");
            String config = "te/device/lc-child-3///cmd/config_update/cfg-2";
            forwarder.device().publishRetained(config, "{\"status\":\"executing\",\"type\":\"tedge.toml\"}");
            forwarder.device().publishRetained(config, "{\"status\":\"successful\",\"type\":\"tedge.toml\"}");
            forwarder.device().publishRetained("te/device/lc-child-3///cmd/restart/r-1", "{\"status\":\"successful\"}");

            await().atMost(WAIT).until(() -> receiver.requests().size() == 2);
            JsonNode fota = json(receiver.bodies().get(0));
            assertThat(fota.path("eventType").asText()).isEqualTo("deviceUpdatedViaFota");
            assertThat(fota.path("endpointName").asText()).isEqualTo("lc-child-3");
            assertThat(fota.path("data")).isEqualTo(json("{\"commandId\":\"fw-1\",\"name\":\"core-image\",\"version\":\"1.2.0\"}"));
            assertThat(fota.path("text").asText()).isEqualTo("Firmware core-image 1.2.0 installed on lc-child-3");
            JsonNode write = json(receiver.bodies().get(1));
            assertThat(write.path("eventType").asText()).isEqualTo("deviceUpdatedViaWrite");
            assertThat(write.path("data")).isEqualTo(json("{\"commandId\":\"cfg-2\",\"type\":\"tedge.toml\"}"));

            // thin-edge clears a finished command; the last clearing passes the others
            forwarder.publishRetainedAndWait("te-commands", firmware, "");
            forwarder.publishRetainedAndWait("te-commands", config, "");
            forwarder.publishRetainedAndWait("te-commands", failedConfig, "");
            assertThat(receiver.requests()).hasSize(2);
        }
    }

    @Test
    void should_not_announce_again_the_registrations_and_commands_the_broker_replays_after_a_restart() {
        try (HttpReceiver receiver = HttpReceiver.http()) {
            api.create("webhook", "/", handler("replays", true,
                    lifecycle("deviceCreated", "deviceUpdatedViaFota", "deviceDeleted"), webhook(receiver.url("/r"))));
            String registration = "te/device/lc-child-4//";
            String firmware = "te/device/lc-child-4///cmd/firmware_update/fw-9";
            forwarder.device().publishRetained(registration, "{\"@type\":\"child-device\"}");
            await().atMost(WAIT).until(() -> receiver.requests().size() == 1);
            forwarder.device().publishRetained(firmware, "{\"status\":\"successful\",\"name\":\"os\",\"version\":\"9\"}");
            await().atMost(WAIT).until(() -> receiver.requests().size() == 2);

            NotifyBuilder[] replayed = new NotifyBuilder[2];
            forwarder.restart(context -> {
                replayed[0] = ForwarderExtension.doneWith(context, "te-registrations", registration);
                replayed[1] = ForwarderExtension.doneWith(context, "te-commands", firmware);
            });
            assertThat(replayed[0].matches(WAIT.toSeconds(), TimeUnit.SECONDS)).as("registration replayed").isTrue();
            assertThat(replayed[1].matches(WAIT.toSeconds(), TimeUnit.SECONDS)).as("command replayed").isTrue();
            assertThat(types(receiver)).containsExactly("deviceCreated", "deviceUpdatedViaFota");

            forwarder.device().publishRetained(firmware, "");
            forwarder.device().publishRetained(registration, "");
            await().atMost(WAIT).until(() -> receiver.requests().size() == 3);
            assertThat(types(receiver)).containsExactly("deviceCreated", "deviceUpdatedViaFota", "deviceDeleted");
        }
    }

    @Test
    void should_report_malformed_registrations_and_commands_on_tedge_errors_and_go_on() {
        try (HttpReceiver receiver = HttpReceiver.http()) {
            api.create("webhook", "/", handler("after bad input", true, lifecycle("deviceCreated"), webhook(receiver.url("/e"))));

            forwarder.device().publishRetained("te/device/lc-bad-1//", "{\"@type\":");
            forwarder.device().publishRetained("te/device/lc-bad-2//", "{\"@type\":\"service\"}");
            forwarder.device().publishRetained("te/device/lc-bad-3///cmd/firmware_update/x", "{\"status\":7}");
            forwarder.device().publishRetained("te/device/lc-child-5//", "{\"@type\":\"child-device\"}");

            await().atMost(WAIT).until(() -> forwarder.device().payloadsOn("tedge/errors").size() == 3 && receiver.requests().size() == 1);
            assertThat(forwarder.device().payloadsOn("tedge/errors")).anySatisfy(error -> assertThat(error)
                    .startsWith("Parsing of event message received on topic: te/device/lc-bad-1// failed due to error: Invalid JSON"));
            assertThat(forwarder.device().payloadsOn("tedge/errors")).anySatisfy(error -> assertThat(error)
                    .contains("te/device/lc-bad-2// failed due to error: @type must be child-device on this topic, not 'service'"));
            assertThat(forwarder.device().payloadsOn("tedge/errors")).anySatisfy(error -> assertThat(error)
                    .contains("failed due to error: status must be a string, not a number"));
            assertThat(json(receiver.bodies().get(0)).path("endpointName").asText()).isEqualTo("lc-child-5");
        }
    }

    @Test
    void should_feed_thin_edge_1_measurements_to_telemetry_filters() {
        try (HttpReceiver receiver = HttpReceiver.http()) {
            api.create("webhook", "/", handler("te telemetry", true, telemetry("/lc_env"), webhook(receiver.url("/t"))));

            forwarder.device().publish("te/device/lc-child-6///m/environment", "{\"lc_env\":{\"temperature\":21.5},\"other\":1}");
            forwarder.device().publish("te/device/main///m/", "{\"lc_env\":{\"humidity\":40}}");

            await().atMost(WAIT).until(() -> receiver.requests().size() == 2);
            assertThat(receiver.bodies()).extracting(body -> json(body).path("endpointName").asText() + " "
                    + json(body).path("url").asText() + "=" + json(body).path("value").asText())
                    .containsExactlyInAnyOrder("lc-child-6 /lc_env/temperature=21.5", "main /lc_env/humidity=40");
        }
    }
}
