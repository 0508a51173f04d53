package io.thinedge.eventhandlers.mqtt;

import java.util.function.Consumer;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * Paho's asynchronous client, handing over the token of each successful connection: whether the
 * broker still had the session (the CONNACK's Session Present flag), and the Receive Maximum it
 * takes. Paho's automatic reconnect goes through this same {@code connect} but hands its token to
 * no one, so this is the one place to read the CONNACK.
 */
final class SessionReportingClient extends MqttAsyncClient {

    private final Consumer<IMqttToken> connected;

    /** @param connected called with the token of each successful connection */
    SessionReportingClient(String serverUri, String clientId, MqttClientPersistence persistence, Consumer<IMqttToken> connected)
            throws MqttException {
        super(serverUri, clientId, persistence);
        this.connected = connected;
    }

    @Override
    public IMqttToken connect(MqttConnectionOptions options, Object userContext, MqttActionListener callback)
            throws MqttException {
        return super.connect(options, userContext, new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                connected.accept(token);
                if (callback != null) {
                    callback.onSuccess(token);
                }
            }

            @Override
            public void onFailure(IMqttToken token, Throwable exception) {
                if (callback != null) {
                    callback.onFailure(token, exception);
                }
            }
        });
    }
}
