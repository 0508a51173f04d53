package io.thinedge.eventhandlers.bench;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

import com.sun.net.httpserver.HttpServer;

/**
 * Where the benchmark's events arrive: each receiver records which sequence numbers came, how
 * often, when the last one came, and the publish-to-arrival latency of each.
 */
final class Receivers {

    private static final Pattern SEQ = Pattern.compile("\"seq\"\\s*:\\s*(\\d+)");
    private static final Pattern SENT = Pattern.compile("\"sentNanos\"\\s*:\\s*(\\d+)");

    private Receivers() {
    }

    /** Counts arrivals of one run. */
    static final class Tally {
        private final ConcurrentHashMap<Long, Integer> seen = new ConcurrentHashMap<>();
        private final AtomicLong arrivals = new AtomicLong();
        /** Guarded by itself; a copy-on-write list here cost the bench more CPU than the forwarder used. */
        private long[] latenciesNanos = new long[1 << 16];
        private int latencyCount;
        private volatile long lastArrivalNanos;
        private volatile long firstArrivalNanos;
        /** Latencies count only for events sent since the last {@link #reset()}, or since the tally was made. */
        private volatile long resetNanos = System.nanoTime();
        /** The sequence numbers counted by {@link #newInWatched()}: {@code [watchFirst, watchEnd)}. */
        private volatile long watchFirst;
        private volatile long watchEnd;
        private final AtomicLong newInWatched = new AtomicLong();

        void record(String payload) {
            long now = System.nanoTime();
            Matcher seq = SEQ.matcher(payload);
            if (!seq.find()) {
                return;
            }
            long sequence = Long.parseLong(seq.group(1));
            if (seen.merge(sequence, 1, Integer::sum) == 1 && sequence >= watchFirst && sequence < watchEnd) {
                newInWatched.incrementAndGet();
            }
            if (arrivals.incrementAndGet() == 1) {
                firstArrivalNanos = now;
            }
            lastArrivalNanos = now;
            Matcher sent = SENT.matcher(payload);
            if (sent.find()) {
                long sentNanos = Long.parseLong(sent.group(1));
                // a leftover of the batch before would count its whole wait: the shell peer let
                // one through 30 s late, after a latency warm-up
                if (sentNanos - resetNanos >= 0) {
                    addLatency(now - sentNanos);
                }
            }
        }

        private synchronized void addLatency(long nanos) {
            if (latencyCount == latenciesNanos.length) {
                latenciesNanos = Arrays.copyOf(latenciesNanos, latencyCount * 2);
            }
            latenciesNanos[latencyCount++] = nanos;
        }

        /** Counts from now on the distinct arrivals of sequence numbers {@code first .. first+count-1}. */
        void watch(long first, long count) {
            newInWatched.set(0);
            watchFirst = first;
            watchEnd = first + count;
        }

        /** Distinct arrivals in the watched range: unlike {@link #arrivals()}, leftovers and repeats do not count. */
        long newInWatched() {
            return newInWatched.get();
        }

        long distinctIn(long first, long count) {
            return seen.keySet().stream().filter(seq -> seq >= first && seq < first + count).count();
        }

        long arrivals() {
            return arrivals.get();
        }

        /** When the first event since the last reset arrived. */
        long firstArrivalNanos() {
            return firstArrivalNanos;
        }

        long lastArrivalNanos() {
            return lastArrivalNanos;
        }

        synchronized List<Long> latenciesNanos() {
            return Arrays.stream(latenciesNanos, 0, latencyCount).boxed().toList();
        }

        void reset() {
            resetNanos = System.nanoTime();
            seen.clear();
            arrivals.set(0);
            synchronized (this) {
                latencyCount = 0;
            }
        }
    }

    /** Polls Kafka topics in a thread of its own. */
    static final class KafkaReceiver implements AutoCloseable {
        final Tally tally = new Tally();
        private volatile boolean running = true;
        private final Thread thread;

        KafkaReceiver(String bootstrap, List<String> topics) {
            Properties properties = new Properties();
            properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            properties.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
            properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
            properties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
            KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                    new StringDeserializer());
            consumer.subscribe(topics);
            // join the group before anything is produced, so "latest" misses nothing
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            consumer.seekToEnd(consumer.assignment());
            consumer.assignment().forEach(consumer::position);
            thread = new Thread(() -> {
                try (consumer) {
                    while (running) {
                        consumer.poll(Duration.ofMillis(20)).forEach(record -> tally.record(record.value()));
                    }
                }
            }, "bench-kafka-receiver");
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join();
        }
    }

    /** A webhook receiver answering 204 to everything. */
    static final class HttpReceiver implements AutoCloseable {
        final Tally tally = new Tally();
        private final HttpServer server;

        HttpReceiver() throws Exception {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
            server.createContext("/", exchange -> {
                tally.record(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            // no executor: the trivial handler runs on the server's own thread. A pool of 4 cost a
            // thread hand-off per request, a tenth of a core at 1 000 events/s, on the measured path
            server.setExecutor(null);
            server.start();
        }

        String uri() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/events";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** An MQTT subscriber, for the SmartREST output. */
    static final class MqttReceiver implements AutoCloseable {
        final Tally tally = new Tally();
        private final MqttClient client;

        MqttReceiver(String brokerUri, String topicFilter) throws Exception {
            client = new MqttClient(brokerUri, "bench-receiver-" + UUID.randomUUID(), new MemoryPersistence());
            client.connect();
            client.subscribe(new MqttSubscription[] {new MqttSubscription(topicFilter, 1)},
                    new IMqttMessageListener[] {(topic, message) -> tally.record(
                            new String(message.getPayload(), StandardCharsets.UTF_8))});
        }

        @Override
        public void close() throws Exception {
            client.disconnect();
            client.close();
        }
    }
}
