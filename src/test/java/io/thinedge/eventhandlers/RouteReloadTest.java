package io.thinedge.eventhandlers;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

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
            try (RunningForwarder forwarder = RunningForwarder.start(properties)) {
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
            }
        }
    }
}
