package io.thinedge.eventhandlers.mqtt;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttReturnCode;

/**
 * The QoS 1 publishes of one client that do not wait for their PUBACK, kept to half the broker's
 * Receive Maximum: Mosquitto takes 20 unacknowledged publishes per connection by default, and Paho
 * refuses the next with 32202 "Too many publishes in progress" (measured against Mosquitto 2.0.11);
 * the other half stays for the publishes of the routes that wait for each PUBACK on the same client
 * (camel-paho-mqtt5's producer), so that those are not refused either.
 *
 * <p>Each publish gets a future that completes once the broker acknowledged it. It is completed by
 * Paho's listener, never by waiting on Paho's token: a wait that times out marks the token failed
 * for every later wait on it.
 */
final class PublishWindow {

    /** What MQTT 5 assumes when the CONNACK names no Receive Maximum. */
    private static final int MQTT_MAX_RECEIVE_MAXIMUM = 65535;

    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<CompletableFuture<Void>> open = new ArrayDeque<>();
    private volatile int size = MQTT_MAX_RECEIVE_MAXIMUM / 2;

    /** The broker's Receive Maximum of the current connection (null: none named). */
    void fit(Integer receiveMaximum) {
        size = Math.max(1, (receiveMaximum == null ? MQTT_MAX_RECEIVE_MAXIMUM : receiveMaximum) / 2);
    }

    int size() {
        return size;
    }

    /**
     * Publishes once the window has room, waiting at most {@code timeoutMillis} for it. Publishes
     * go out in the order of the calls.
     *
     * @return completes once the broker acknowledged the message; completes exceptionally with
     *         Paho's failure (connection lost) or an MqttException of the PUBACK's error reason code
     * @throws MqttException Paho refused the publish (not connected, too many in progress)
     * @throws TimeoutException the window stayed full
     */
    CompletableFuture<Void> publish(MqttAsyncClient client, String topic, MqttMessage message, long timeoutMillis)
            throws MqttException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        if (!lock.tryLock(timeoutMillis, TimeUnit.MILLISECONDS)) {
            throw full(timeoutMillis);
        }
        try {
            awaitRoom(deadline, timeoutMillis);
            CompletableFuture<Void> acknowledged = new CompletableFuture<>();
            client.publish(topic, message, null, new Acknowledgement(acknowledged));
            open.addLast(acknowledged);
            return acknowledged;
        } finally {
            lock.unlock();
        }
    }

    private void awaitRoom(long deadline, long timeoutMillis) throws InterruptedException, TimeoutException {
        open.removeIf(CompletableFuture::isDone);
        while (open.size() >= size) {
            try {
                open.getFirst().get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                // its publisher hears of the failure; here it only made room
            } catch (TimeoutException e) {
                throw full(timeoutMillis);
            }
            open.removeIf(CompletableFuture::isDone);
        }
    }

    private TimeoutException full(long timeoutMillis) {
        return new TimeoutException("the broker acknowledged none of the " + size + " publishes in progress within "
                + timeoutMillis + " ms");
    }

    /** Completes the future of one publish; Paho calls it also when the connection is lost meanwhile. */
    private static final class Acknowledgement implements MqttActionListener {
        private final CompletableFuture<Void> acknowledged;

        Acknowledgement(CompletableFuture<Void> acknowledged) {
            this.acknowledged = acknowledged;
        }

        @Override
        public void onSuccess(IMqttToken token) {
            // Paho completes a PUBACK with an error reason code (not authorized, quota exceeded)
            // as a success: the broker dropped the message
            int[] codes = token.getReasonCodes();
            if (codes != null && codes.length > 0 && codes[0] >= MqttReturnCode.RETURN_CODE_UNSPECIFIED_ERROR) {
                acknowledged.completeExceptionally(new MqttException(codes[0]));
            } else {
                acknowledged.complete(null);
            }
        }

        @Override
        public void onFailure(IMqttToken token, Throwable exception) {
            acknowledged.completeExceptionally(exception);
        }
    }
}
