package io.thinedge.eventhandlers.health;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import io.thinedge.eventhandlers.mqtt.MqttClients;
import io.thinedge.eventhandlers.mqtt.ReliableMqttClient;

/** Ready when every MQTT client of the application is connected to the broker. */
public class MqttConnectionHealthCheck extends AbstractHealthCheck {

    private final MqttClients clients;

    public MqttConnectionHealthCheck(MqttClients clients) {
        super("tedge", "mqtt");
        this.clients = clients;
    }

    @Override
    public boolean isLiveness() {
        return false; // a broker outage is waited out with reconnects, never solved by a restart
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.up();
        for (ReliableMqttClient client : clients.all()) {
            builder.detail(client.getClientId(), client.isReady() ? "connected"
                    : client.isConnected() ? "subscribing" : "disconnected");
            if (!client.isConnected()) {
                builder.down().message("MQTT client " + client.getClientId() + " is not connected to "
                        + client.getServerURI());
            } else if (!client.isReady()) {
                builder.down().message("MQTT client " + client.getClientId() + " is not subscribed yet");
            }
        }
    }
}
