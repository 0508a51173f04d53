package io.thinedge.eventhandlers.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.mqtt.MqttClients;
import io.thinedge.eventhandlers.support.EventRecorder;
import io.thinedge.eventhandlers.support.MosquittoBroker;
import io.thinedge.eventhandlers.support.MqttTestClient;
import io.thinedge.eventhandlers.support.RoutesFolder;
import io.thinedge.eventhandlers.support.RunningForwarder;

/** The examples of README "Customizing the flow", done on a running forwarder as the README says. */
class CustomizingTheFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void should_drop_one_devices_events_with_a_filter_before_dispatch() throws Exception {
        RoutesFolder routes = RoutesFolder.copyOfProject();
        try (MosquittoBroker broker = MosquittoBroker.start();
                MqttTestClient device = new MqttTestClient(broker.uri())) {
            Map<String, String> properties = RunningForwarder.defaults(broker);
            routes.configure(properties);
            AtomicReference<EventRecorder> recorder = new AtomicReference<>();
            try (RunningForwarder forwarder = RunningForwarder.start(properties,
                    context -> recorder.set(EventRecorder.attachTo(context)))) {
                routes.edit("dispatch.camel.yaml", yaml -> yaml.replaceFirst(
                        "        - to: \"direct:dispatch\"\n",
                        "        - filter:\n            simple: \"\\${body.deviceId} != 'noisy-sensor'\"\n"
                                + "            steps:\n              - to: \"direct:dispatch\"\n"));
                await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
                    device.publish("tedge/events/probe/noisy-sensor", "{\"text\":\"noisy probe\"}");
                    device.publish("tedge/events/probe", "{\"text\":\"main probe\"}");
                    return recorder.get().probes().lastIndexOf("main probe") > recorder.get().probes().lastIndexOf("noisy probe");
                });

                device.publish("tedge/events/door_open/noisy-sensor", "{\"text\":\"dropped\"}");
                device.publish("tedge/events/door_open/pump-7", "{\"text\":\"kept\"}");
                await().atMost(WAIT).until(() -> recorder.get().texts().contains("kept"));
                assertThat(recorder.get().texts()).doesNotContain("dropped");
            }
        }
    }

    @Test
    void should_subscribe_a_new_yaml_route_with_a_reliable_client_of_its_own() throws Exception {
        RoutesFolder routes = RoutesFolder.copyOfProject();
        try (MosquittoBroker broker = MosquittoBroker.start();
                MqttTestClient device = new MqttTestClient(broker.uri()).subscribe("site/seen")) {
            Map<String, String> properties = RunningForwarder.defaults(broker);
            routes.configure(properties);
            try (RunningForwarder forwarder = RunningForwarder.start(properties)) {
                Files.writeString(routes.path("site-alarms.camel.yaml"), String.join("\n",
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
                    device.publish("site/alarms/fire", "smoke");
                    return device.payloadsOn("site/seen").contains("smoke");
                });
                MqttClients clients = forwarder.context().getRegistry().lookupByNameAndType("mqttClients", MqttClients.class);
                assertThat(clients.subscriber("site-alarms").getClientId()).endsWith("-site-alarms");
                assertThat(clients.subscriber("site-alarms").subscribedFilters()).containsExactly("site/alarms/#");
            }
        }
    }
}
