package io.thinedge.eventhandlers.smartrest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * Sends over the application's MQTT publisher (QoS 1, waiting for the broker's PUBACK) and over
 * camel-http ({@code http}/{@code https} components: certificates validated, a non-2xx status
 * is a failure).
 */
public final class CamelC8yTransport implements C8yTransport {

    private final MqttClient mqtt;
    private final ProducerTemplate producer;
    private final Optional<String> authorization;
    private final long timeoutMillis;
    private final String sslContextBean;

    public CamelC8yTransport(MqttClient mqtt, ProducerTemplate producer, Optional<String> authorization, Duration timeout) {
        this(mqtt, producer, authorization, timeout, null);
    }

    /** @param sslContextBean the registry name of the SSLContextParameters for HTTPS, or null for the JVM's trust */
    public CamelC8yTransport(MqttClient mqtt, ProducerTemplate producer, Optional<String> authorization, Duration timeout,
            String sslContextBean) {
        this.sslContextBean = sslContextBean;
        this.mqtt = mqtt;
        this.producer = producer;
        this.authorization = authorization;
        this.timeoutMillis = timeout.toMillis();
    }

    @Override
    public void send(C8yMessage message) throws Exception {
        if (message instanceof C8yMessage.Mqtt publish) {
            publish(publish);
        } else if (message instanceof C8yMessage.HttpPost post) {
            post(post);
        }
    }

    private void publish(C8yMessage.Mqtt message) throws Exception {
        MqttMessage mqttMessage = new MqttMessage(message.payload().getBytes(StandardCharsets.UTF_8));
        mqttMessage.setQos(1);
        mqtt.publish(message.topic(), mqttMessage);
    }

    private void post(C8yMessage.HttpPost post) throws Exception {
        // a fresh exchange: no header of the MQTT input (or its topic) leaks into the request
        Exchange result = producer.send(endpointUri(post), exchange -> {
            exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            exchange.getMessage().setHeader("Accept", "application/json");
            authorization.ifPresent(value -> exchange.getMessage().setHeader("Authorization", value));
            exchange.getMessage().setBody(post.payload());
        });
        if (result.getException() != null) {
            throw result.getException();
        }
    }

    private String endpointUri(C8yMessage.HttpPost post) {
        String uri = post.uri().toString();
        return uri + (uri.contains("?") ? "&" : "?") + "throwExceptionOnFailure=true&followRedirects=false"
                + "&httpClient.responseTimeout=" + timeoutMillis
                + "&httpClient.connectionRequestTimeout=" + timeoutMillis
                + "&httpConnection.connectTimeout=" + timeoutMillis
                + (sslContextBean != null && post.uri().getScheme().equalsIgnoreCase("https")
                        ? "&sslContextParameters=#" + sslContextBean : "");
    }
}
