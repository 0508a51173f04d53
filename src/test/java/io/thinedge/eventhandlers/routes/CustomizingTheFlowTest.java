package io.thinedge.eventhandlers.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.mqtt.MqttClients;
import io.thinedge.eventhandlers.support.LiveRoutesForwarder;

/** The examples of README "Customizing the flow", done on a running forwarder as the README says. */
class CustomizingTheFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void should_drop_one_devices_events_with_a_filter_before_dispatch() {
        try (LiveRoutesForwarder live = LiveRoutesForwarder.start()) {
            live.routes().edit("dispatch.camel.yaml", yaml -> yaml.replaceFirst(
                    "        - to: \"direct:dispatch\"\n",
                    "        - filter:\n            simple: \"\\${body.deviceId} != 'noisy-sensor'\"\n"
                            + "            steps:\n              - to: \"direct:dispatch\"\n"));
            // a round of probes, noisy first, until a round's main probe came and its noisy one did not
            // (they arrive in order): the edited route is in place
            AtomicInteger round = new AtomicInteger();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
                List<String> probes = live.recorder().probes();
                int last = round.get();
                if (last > 0 && probes.contains("main probe " + last) && !probes.contains("noisy probe " + last)) {
                    return true;
                }
                int next = round.incrementAndGet();
                live.device().publish("tedge/events/probe/noisy-sensor", "{\"text\":\"noisy probe " + next + "\"}");
                live.device().publish("tedge/events/probe", "{\"text\":\"main probe " + next + "\"}");
                return false;
            });

            live.device().publish("tedge/events/door_open/noisy-sensor", "{\"text\":\"dropped\"}");
            live.device().publish("tedge/events/door_open/pump-7", "{\"text\":\"kept\"}");
            await().atMost(WAIT).until(() -> live.recorder().texts().contains("kept"));
            assertThat(live.recorder().texts()).doesNotContain("dropped");
        }
    }

    @Test
    void should_subscribe_a_new_yaml_route_with_a_reliable_client_of_its_own() throws Exception {
        try (LiveRoutesForwarder live = LiveRoutesForwarder.start("site/seen")) {
            Files.writeString(live.routes().path("site-alarms.camel.yaml"), String.join("\n",
                    "- route:",
                    "    id: site-alarms",
                    "    from:",
                    "      uri: \"paho-mqtt5:site/alarms/#\"",
                    "      parameters:",
                    "        client: \"#mqtt-site-alarms\"",
                    "        qos: 1",
                    "        manualAcksEnabled: true",
                    "      steps:",
                    "        - to: \"paho-mqtt5:site/seen?client=#mqttPublisher&qos=1\"",
                    ""));
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
                live.device().publish("site/alarms/fire", "smoke");
                return live.device().payloadsOn("site/seen").contains("smoke");
            });
            MqttClients clients = live.forwarder().context().getRegistry().lookupByNameAndType("mqttClients", MqttClients.class);
            assertThat(clients.subscriber("site-alarms").getClientId()).endsWith("-site-alarms");
            assertThat(clients.subscriber("site-alarms").subscribedFilters()).containsExactly("site/alarms/#");
        }
    }
}
