package io.thinedge.eventhandlers.mqtt;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.support.service.ServiceSupport;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;

import io.thinedge.eventhandlers.config.Settings;

/**
 * Builds the application's MQTT clients and closes them when Camel stops (after the routes, so
 * in-flight exchanges can still be acknowledged).
 */
public class MqttClients extends ServiceSupport {

    private final Settings settings;
    private final List<ReliableMqttClient> clients = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, ReliableMqttClient> subscribers = new ConcurrentHashMap<>();

    public MqttClients(Settings settings) {
        this.settings = settings;
    }

    /**
     * The client for one subscribing route, {@code <tedge.mqtt.client-id>-<name>}, made at its
     * first use, with a persistent session of its own: fixed client id, clean start off, session
     * expiry, manual acknowledgements.
     */
    public ReliableMqttClient subscriber(String name) {
        return subscribers.computeIfAbsent(name, this::newSubscriber);
    }

    /** Every subscribing client made so far. */
    public List<ReliableMqttClient> subscribers() {
        return List.copyOf(subscribers.values());
    }

    private ReliableMqttClient newSubscriber(String name) {
        try {
            return createSubscriber(name);
        } catch (MqttException e) {
            throw new IllegalStateException("MQTT client " + name + " could not be made: " + e.getMessage(), e);
        }
    }

    private ReliableMqttClient createSubscriber(String name) throws MqttException {
        MqttConnectionOptions options = baseOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(settings.mqttSessionExpirySeconds());
        // bounds the events in flight: a slow sink slows intake and the broker holds the rest
        options.setReceiveMaximum(settings.mqttReceiveMaximum());
        ReliableMqttClient client = new ReliableMqttClient(settings.mqttServerUri(), settings.mqttClientId() + "-" + name,
                options, settings.mqttReconnectDelay().toMillis());
        if (settings.sharesEvents()) {
            client.shareIn(settings.mqttSharedGroup());
        }
        return track(client);
    }

    /** The subscribing clients stop taking events (the store is gone): nothing more is acknowledged. */
    public void pauseSubscribers() {
        subscribers.values().forEach(ReliableMqttClient::pause);
    }

    public void resumeSubscribers() {
        subscribers.values().forEach(ReliableMqttClient::resume);
    }

    /** A client that only publishes (errors, SmartREST); it connects at once and keeps reconnecting. */
    public ReliableMqttClient publisher(String name) throws MqttException {
        MqttConnectionOptions options = baseOptions();
        options.setCleanStart(true);
        return track(new ReliableMqttClient(settings.mqttServerUri(), settings.mqttClientId() + "-" + name, options,
                settings.mqttReconnectDelay().toMillis())).connectForPublishing();
    }

    public List<ReliableMqttClient> all() {
        return List.copyOf(clients);
    }

    private MqttConnectionOptions baseOptions() {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, (int) Math.max(1, settings.mqttReconnectDelay().toSeconds()));
        options.setConnectionTimeout(5);
        options.setKeepAliveInterval(30);
        return options;
    }

    private ReliableMqttClient track(ReliableMqttClient client) {
        clients.add(client);
        return client;
    }

    @Override
    protected void doStop() {
        clients.forEach(ReliableMqttClient::close);
    }
}
