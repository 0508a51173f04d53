package io.thinedge.eventhandlers.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/** A plain MQTT client for tests: publishes like a device, records what the forwarder publishes. */
public final class MqttTestClient implements AutoCloseable {

    /** One message as received. */
    public record Received(String topic, String payload) {
    }

    private final MqttClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public MqttTestClient(String brokerUri) {
        try {
            client = new MqttClient(brokerUri, "test-" + UUID.randomUUID(), new MemoryPersistence());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setAutomaticReconnect(true);
            options.setAutomaticReconnectDelay(1, 1);
            client.connect(options);
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Subscribes and records every message on the filter, in arrival order. */
    public MqttTestClient subscribe(String topicFilter) {
        try {
            // Paho 1.2.5's subscribe(String[], int[], IMqttMessageListener[]) recurses forever: use this form
            client.subscribe(new org.eclipse.paho.mqttv5.common.MqttSubscription[] {
                new org.eclipse.paho.mqttv5.common.MqttSubscription(topicFilter, 1)
            }, new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {
                (topic, message) -> received.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8)))
            });
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    public void publish(String topic, String payload) {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    public void publish(String topic, byte[] payload) {
        try {
            MqttMessage message = new MqttMessage(payload);
            message.setQos(1);
            client.publish(topic, message);
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes a retained message, as thin-edge publishes registrations and commands; empty clears it. */
    public void publishRetained(String topic, String payload) {
        try {
            MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
            message.setQos(1);
            message.setRetained(true);
            client.publish(topic, message);
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Publishes, trying again every 100 ms while the client is not connected (a broker restarting,
     * the client's own reconnect still to come), for at most {@code patience}; the first try is at once.
     */
    public void publishOnceConnected(String topic, String payload, Duration patience) {
        // the first try without Awaitility: an await() starts a thread of its own, which made a
        // stream of 30 000 events five times slower to publish than the broker takes it
        if (client.isConnected()) {
            try {
                publish(topic, payload);
                return;
            } catch (IllegalStateException notTaken) {
                // the connection went down meanwhile: retried below
            }
        }
        Awaitility.await().atMost(patience).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> {
                    publish(topic, payload);
                    return true;
                });
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<String> payloadsOn(String topic) {
        return received.stream().filter(message -> message.topic().equals(topic)).map(Received::payload)
                .collect(Collectors.toList());
    }

    public void clear() {
        received.clear();
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        } catch (MqttException ignored) {
            // the broker may be gone already
        }
    }
}
