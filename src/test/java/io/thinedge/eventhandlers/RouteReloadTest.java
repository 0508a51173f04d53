package io.thinedge.eventhandlers;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.support.EventRecorder;

import io.thinedge.eventhandlers.support.MosquittoBroker;
import io.thinedge.eventhandlers.support.MqttTestClient;
import io.thinedge.eventhandlers.support.RunningForwarder;

/** Integrators edit routes/*.camel.yaml on a running gateway; a changed file is loaded live. */
class RouteReloadTest {

    @Test
    void should_load_a_route_file_added_while_running() throws Exception {
        Path routes = Files.createTempDirectory("routes");
        for (Path shipped : Files.newDirectoryStream(Path.of("routes"), "*.camel.yaml")) {
            Files.copy(shipped, routes.resolve(shipped.getFileName()));
        }
        try (MosquittoBroker broker = MosquittoBroker.start();
                MqttTestClient observer = new MqttTestClient(broker.uri()).subscribe("tedge/reloaded")) {
            Map<String, String> properties = RunningForwarder.defaults(broker);
            properties.put("camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml");
            properties.put("camel.main.routes-reload-enabled", "true");
            properties.put("camel.main.routes-reload-directory", routes.toString());
            AtomicReference<EventRecorder> recorder = new AtomicReference<>();
            try (RunningForwarder forwarder = RunningForwarder.start(properties,
                    context -> recorder.set(EventRecorder.attachTo(context)))) {
                Files.writeString(routes.resolve("announce.camel.yaml"), String.join("\n",
                        "- route:",
                        "    id: announce",
                        "    from:",
                        "      uri: \"timer:announce\"",
                        "      parameters:",
                        "        repeatCount: 1",
                        "      steps:",
                        "        - setBody:",
                        "            constant: \"reloaded\"",
                        "        - to: \"paho-mqtt5:tedge/reloaded?client=#mqttPublisher&qos=1\"",
                        ""));

                await().atMost(Duration.ofSeconds(30)).until(() -> observer.payloadsOn("tedge/reloaded").contains("reloaded"));

                // an edited ingest route is replaced, and the Java routes behind it keep working
                Path events = routes.resolve("tedge-events.camel.yaml");
                Files.writeString(events, Files.readString(events).replace("{{tedge.topics.events}}", "tedge/events/+"));
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    observer.publish("tedge/events/after_reload", "{\"text\":\"still flowing\"}");
                    return recorder.get().texts().contains("still flowing")
                            && forwarder.context().getRoute("tedge-events").getEndpoint().getEndpointUri().contains("tedge/events/+");
                });
            }
        }
    }
}
