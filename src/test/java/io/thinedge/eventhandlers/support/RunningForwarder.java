package io.thinedge.eventhandlers.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.awaitility.Awaitility;

import io.thinedge.eventhandlers.Application;
import io.thinedge.eventhandlers.mqtt.MqttClients;
import io.thinedge.eventhandlers.mqtt.ReliableMqttClient;

/**
 * The real application, started in-process exactly as {@code java -jar} starts it (same
 * {@link Application#create()}, same config/ and routes/), with test overrides such as the
 * broker port, a temporary store and a free HTTP port.
 */
public final class RunningForwarder implements AutoCloseable {

    private final Main main;
    private final Map<String, String> properties;

    private RunningForwarder(Main main, Map<String, String> properties) {
        this.main = main;
        this.properties = properties;
    }

    /** Settings every test wants: the test broker, a fresh store and tokens file, a free HTTP port. */
    public static Map<String, String> defaults(MosquittoBroker broker) {
        try {
            Path dir = Files.createTempDirectory("forwarder");
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("tedge.mqtt.port", String.valueOf(broker.port()));
            properties.put("tedge.mqtt.client-id", "forwarder-" + dir.getFileName());
            properties.put("tedge.mqtt.reconnect-delay", "1s");
            properties.put("store.dir", dir.resolve("data").toString());
            properties.put("api.tokens-file", dir.resolve("api-tokens").toString());
            properties.put("camel.server.port", String.valueOf(MosquittoBroker.freePort()));
            properties.put("camel.main.routes-reload-enabled", "false");
            return properties;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static RunningForwarder start(Map<String, String> properties) {
        return start(properties, context -> { });
    }

    /**
     * Starts with a hook that runs once the routes are configured and before any message is
     * consumed: the place to add an {@link EventRecorder} or advice a route.
     */
    public static RunningForwarder start(Map<String, String> properties, Consumer<CamelContext> beforeStart) {
        Main main = Application.create();
        properties.forEach(main::addOverrideProperty);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport configured) {
                beforeStart.accept(configured.getCamelContext());
            }
        });
        try {
            main.start();
        } catch (Exception e) {
            throw new IllegalStateException("The forwarder did not start: " + e.getMessage(), e);
        }
        RunningForwarder forwarder = new RunningForwarder(main, properties);
        Awaitility.await("forwarder started").atMost(Duration.ofSeconds(30))
                .until(() -> forwarder.context() != null && forwarder.context().isStarted());
        if (brokerListening(properties)) {
            // the clients connect in the background: wait until nothing published from now on is missed
            MqttClients clients = forwarder.context().getRegistry().lookupByNameAndType("mqttClients", MqttClients.class);
            Awaitility.await("MQTT clients subscribed").atMost(Duration.ofSeconds(30))
                    .until(() -> clients.all().stream().allMatch(ReliableMqttClient::isReady));
        }
        return forwarder;
    }

    private static boolean brokerListening(Map<String, String> properties) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(properties.get("tedge.mqtt.port"))), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Starts another instance with the same settings (same client ids, sessions and store). */
    public RunningForwarder restart() {
        close();
        return start(properties);
    }

    /** Starts another instance with the same settings and a hook (see {@link #start(Map, Consumer)}). */
    public RunningForwarder restart(Consumer<CamelContext> beforeStart) {
        close();
        return start(properties, beforeStart);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public Map<String, String> properties() {
        return properties;
    }

    public String httpBase() {
        return "http://127.0.0.1:" + properties.get("camel.server.port");
    }

    @Override
    public void close() {
        try {
            main.stop();
        } catch (Exception ignored) {
            // stopping twice is fine
        }
    }
}
