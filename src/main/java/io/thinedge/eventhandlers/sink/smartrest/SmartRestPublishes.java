package io.thinedge.eventhandlers.sink.smartrest;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.camel.Exchange;
import org.eclipse.paho.mqttv5.common.MqttMessage;

import io.thinedge.eventhandlers.mqtt.ReliableMqttClient;

/**
 * The {@code smartRestPublishes} bean of the {@code tedge-smartrest-sink} Kamelet: its MQTT
 * publishes, on the {@value #CLIENT} client, in place of camel-paho-mqtt5's producer. That producer
 * waits for each PUBACK, one broker round trip per event: SmartREST handlers ran at 0.23x the rate
 * of Kafka handlers ({@code make bench}). Here the publishes of one exchange, an event or a batch of
 * events that queued up for the handler, go out one after the other without waiting, and the
 * exchange waits once, at its end, for all their PUBACKs; a publish that fails or is not
 * acknowledged in time fails the exchange (a batch is then kept whole and replayed event by event).
 */
public final class SmartRestPublishes {

    /** The publishing client of the forwarder. */
    public static final String CLIENT = "mqttPublisher";
    /** The header naming the topic the body goes to. */
    public static final String TOPIC = "SmartRestTopic";
    /** The exchange property holding the Kamelet's timeoutMillis. */
    public static final String TIMEOUT_PROPERTY = "SmartRestTimeoutMillis";

    /** Before the Kamelet's split: the exchange starts with nothing published. */
    public void begin(Exchange exchange) {
        SmartRestBatch.begin(exchange);
    }

    /**
     * Publishes the body (QoS 1, not retained) on the topic of the {@value #TOPIC} header without
     * waiting for the PUBACK. Waits only while the client has too many publishes unacknowledged.
     */
    public void publish(Exchange exchange) throws Exception {
        long timeoutMillis = timeoutOf(exchange);
        String topic = exchange.getMessage().getHeader(TOPIC, String.class);
        MqttMessage message = new MqttMessage(exchange.getMessage().getMandatoryBody(byte[].class));
        message.setQos(1);
        SmartRestBatch.of(exchange).published(topic, client(exchange).publishWithoutWaiting(topic, message, timeoutMillis));
    }

    /**
     * Waits, at most {@code timeoutMillis} in all, until the broker acknowledged everything the
     * exchange published: at its end, and before an HTTP request, which must not overtake the
     * registration of its child or the events before it.
     *
     * @throws SmartRestPublishException naming the first publish that failed or was not acknowledged in time
     */
    public void awaitAcknowledgements(Exchange exchange) throws InterruptedException {
        long timeoutMillis = timeoutOf(exchange);
        SmartRestBatch batch = SmartRestBatch.of(exchange);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (SmartRestBatch.Publish publish : batch.unacknowledged()) {
            try {
                publish.acknowledged().get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                throw new SmartRestPublishException("publish to " + publish.topic() + " failed: "
                        + e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                throw new SmartRestPublishException("publish to " + publish.topic()
                        + " not acknowledged by the MQTT broker within " + timeoutMillis + " ms", e);
            }
        }
        batch.acknowledged();
    }

    /** The Kamelet's timeoutMillis, set once per exchange in the property {@value #TIMEOUT_PROPERTY}. */
    private static long timeoutOf(Exchange exchange) {
        Long timeout = exchange.getProperty(TIMEOUT_PROPERTY, Long.class);
        if (timeout == null) {
            throw new IllegalStateException("the tedge-smartrest-sink Kamelet sets " + TIMEOUT_PROPERTY + " before it publishes");
        }
        return timeout;
    }

    private static ReliableMqttClient client(Exchange exchange) {
        ReliableMqttClient client = exchange.getContext().getRegistry().lookupByNameAndType(CLIENT, ReliableMqttClient.class);
        if (client == null) {
            throw new IllegalStateException("no MQTT client " + CLIENT + " to publish SmartREST messages with");
        }
        return client;
    }

    /** A publish of the exchange failed or was not acknowledged in time. */
    public static final class SmartRestPublishException extends RuntimeException {
        SmartRestPublishException(String message, Throwable cause) {
            super("SmartREST " + message, cause);
        }
    }
}
