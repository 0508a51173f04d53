package io.thinedge.eventhandlers.mqtt;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Service;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of an MQTT message whose exchange failed outside the handlers (a store error, a
 * failed publish to {@code tedge/errors}, a YAML step that throws): it is handed to its route again,
 * keeping its place in the order of acknowledgements, up to {@code tedge.mqtt.failed-message-attempts}
 * times with a growing pause, then reported ({@link GiveUp}) and acknowledged, so it does not hold
 * one of the broker's in-flight slots until the next connection.
 *
 * <p>Between a message given up and the next one that completes, {@link #problem()} says so: the
 * {@code failed-exchanges} health check is DOWN while events cannot be acknowledged.
 */
public final class FailedExchanges implements Service {

    /** Reports a message given up after its last attempt. */
    @FunctionalInterface
    public interface GiveUp {
        void report(String routeId, String topic, int attempts, Throwable cause);
    }

    private static final Logger LOG = LoggerFactory.getLogger(FailedExchanges.class);

    /** A message in its retries, by the client that received it and its ticket there. */
    private record Key(ReliableMqttClient client, int ticket) {
    }

    private final int maxAttempts;
    private final long backoffMillis;
    private final GiveUp giveUp;
    private final Map<Key, Integer> failures = new ConcurrentHashMap<>();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "mqtt-failed-message-retry");
        thread.setDaemon(true);
        return thread;
    });
    /** Why the last settled message was given up; null once one completes. */
    private volatile String givenUp;

    public FailedExchanges(int maxAttempts, long backoffMillis, GiveUp giveUp) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("tedge.mqtt.failed-message-attempts must be at least 1");
        }
        this.maxAttempts = maxAttempts;
        this.backoffMillis = backoffMillis;
        this.giveUp = giveUp;
    }

    /** The exchange of this message completed: acknowledgements flow. */
    public void completed(ReliableMqttClient client, int ticket) {
        failures.remove(new Key(client, ticket));
        givenUp = null;
    }

    /** The exchange of this message failed: hand it to its route again, or give it up. */
    public void failed(ReliableMqttClient client, int ticket, String routeId, String topic, MqttMessage message,
            Throwable cause) {
        if (ticket == OrderedAcknowledger.NO_TICKET) {
            // QoS 0: nothing to acknowledge and no copy kept by anyone, so no retry either
            report(routeId, topic, 1, cause);
            return;
        }
        Key key = new Key(client, ticket);
        int attempts = failures.merge(key, 1, Integer::sum);
        if (attempts < maxAttempts) {
            LOG.debug("Message on {} failed in route {} (attempt {} of {}): retrying", topic, routeId, attempts, maxAttempts);
            retries.schedule(() -> retry(key, topic, message), backoffMillis * attempts, TimeUnit.MILLISECONDS);
            return;
        }
        failures.remove(key);
        report(routeId, topic, attempts, cause);
        client.messageArrivedComplete(ticket, message.getQos());
    }

    private void retry(Key key, String topic, MqttMessage message) {
        try {
            if (!key.client().redeliver(key.ticket(), topic, message)) {
                failures.remove(key); // its connection is gone: the broker redelivers it on the next one
            }
        } catch (Exception e) {
            LOG.warn("Message on {} could not be handed to its route again: {}", topic, e.getMessage());
        }
    }

    private void report(String routeId, String topic, int attempts, Throwable cause) {
        givenUp = "a message on " + topic + " failed " + attempts + " time(s) in route " + routeId;
        giveUp.report(routeId, topic, attempts, cause);
    }

    /** Why events are not acknowledged as they should be, if so. */
    public Optional<String> problem() {
        return Optional.ofNullable(givenUp);
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
        retries.shutdownNow();
    }
}
