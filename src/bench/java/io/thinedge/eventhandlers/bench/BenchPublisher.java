package io.thinedge.eventhandlers.bench;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * Publishes the benchmark's event stream: QoS 1 thin-edge events of realistic size, each carrying
 * its sequence number and send time ({@code System.nanoTime}, one clock for every process here).
 */
final class BenchPublisher implements AutoCloseable {

    /** The forwarder's rows: a thin-edge event topic. */
    static final String TOPIC = "tedge/events/bench_event";
    /** The baselines' rows: as long as {@link #TOPIC}, and one the forwarder does not subscribe to. */
    static final String BASELINE_TOPIC = "bench/baseline/bench_evt";
    private static final int WINDOW = 1000;

    private final MqttAsyncClient client;
    private final String topic;
    /** The topic of each event by its sequence number: {@link #topic} for all, or a slice of several. */
    private final LongFunction<String> topicOf;
    private final Semaphore inFlight = new Semaphore(WINDOW);

    BenchPublisher(String brokerUri, String topic) throws Exception {
        this(brokerUri, topic, sequence -> topic);
    }

    /**
     * Publishes each event on the topic {@code topicOf} gives its sequence number, e.g. spread over
     * event types and child devices; {@code topic} names the stream.
     */
    BenchPublisher(String brokerUri, String topic, LongFunction<String> topicOf) throws Exception {
        this.topic = topic;
        this.topicOf = topicOf;
        client = new MqttAsyncClient(brokerUri, "bench-publisher-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setReceiveMaximum(WINDOW);
        client.connect(options).waitForCompletion();
    }

    static byte[] payload(long sequence, long sentNanos) {
        return ("{\"text\":\"Door of cabinet 7 opened by maintenance\",\"time\":\"2026-11-23T10:15:30.123+01:00\","
                + "\"seq\":" + sequence + ",\"sentNanos\":" + sentNanos
                + ",\"site\":\"plant-7/hall-2\",\"severity\":\"minor\",\"operator\":{\"id\":4711,\"shift\":\"B\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    String topic() {
        return topic;
    }

    /** Publishes events {@code first .. first+count-1} as fast as the broker acknowledges them. */
    void publish(long first, int count) throws Exception {
        publish(first, count, 0);
    }

    /** Publishes at a fixed rate (events per second), or as fast as possible when {@code rate} is 0. */
    void publish(long first, int count, int rate) throws Exception {
        long start = System.nanoTime();
        long interval = rate == 0 ? 0 : 1_000_000_000L / rate;
        for (long i = first; i < first + count; i++) {
            if (interval > 0) {
                long due = start + (i - first) * interval;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            inFlight.acquire();
            MqttMessage message = new MqttMessage(payload(i, System.nanoTime()));
            message.setQos(1);
            client.publish(topicOf.apply(i), message, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    inFlight.release();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable error) {
                    inFlight.release();
                }
            });
        }
        inFlight.acquire(WINDOW);
        inFlight.release(WINDOW);
    }

    @Override
    public void close() throws Exception {
        client.disconnect().waitForCompletion();
        client.close();
    }
}
