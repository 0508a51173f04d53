package io.thinedge.eventhandlers.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.support.ForwarderProcess;
import io.thinedge.eventhandlers.support.KafkaTestCluster;
import io.thinedge.eventhandlers.support.MosquittoBroker;
import io.thinedge.eventhandlers.support.MqttTestClient;
import io.thinedge.eventhandlers.support.RunningForwarder;

/**
 * SPEC §6 against the real jar, a real Mosquitto with persistence and a real Kafka: a steady stream
 * of QoS 1 events survives the forwarder being killed with SIGKILL, and the broker being restarted,
 * with every event id reaching the Kafka handler's topic at least once.
 */
class NoEventLostIT {

    private static final int EVENTS = 10_000;
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    static KafkaTestCluster kafka;

    @BeforeAll
    static void startKafka() {
        kafka = KafkaTestCluster.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void should_lose_no_event_when_the_forwarder_is_killed_mid_stream() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start();
                ForwarderProcess forwarder = ForwarderProcess.start(RunningForwarder.defaults(broker));
                MqttTestClient device = new MqttTestClient(broker.uri())) {
            Delivered delivered = streamThrough(forwarder, "killed", device, published -> {
                if (published == EVENTS / 3) {
                    forwarder.kill();
                    forwarder.restart();
                }
            });
            delivered.assertNothingLost();
        }
    }

    @Test
    void should_lose_no_event_when_the_broker_restarts_mid_stream() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start();
                ForwarderProcess forwarder = ForwarderProcess.start(RunningForwarder.defaults(broker));
                MqttTestClient device = new MqttTestClient(broker.uri())) {
            Delivered delivered = streamThrough(forwarder, "broker-restart", device, published -> {
                if (published == EVENTS / 3) {
                    broker.restart();
                }
            });
            delivered.assertNothingLost();
        }
    }

    /** Publishes EVENTS events (each retried until the broker acknowledged it), then collects Kafka. */
    private Delivered streamThrough(ForwarderProcess forwarder, String topic, MqttTestClient device,
            java.util.function.IntConsumer fault) throws Exception {
        createKafkaHandler(forwarder, topic);
        Delivered delivered = new Delivered();
        try (KafkaConsumer<String, String> consumer = kafka.consumer(topic)) {
            for (int i = 0; i < EVENTS; i++) {
                String payload = "{\"text\":\"steady\",\"id\":\"" + topic + "-" + i + "\"}";
                device.publishOnceConnected("tedge/events/steady_event", payload, Duration.ofSeconds(60));
                fault.accept(i + 1);
            }
            try {
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ZERO).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(record -> delivered.add(record.value()));
                    return delivered.distinct() >= EVENTS;
                });
            } catch (ConditionTimeoutException e) {
                throw new AssertionError(delivered.describeMissing(topic) + " after 3 minutes; forwarder log: "
                        + forwarder.log(), e);
            }
        }
        return delivered;
    }

    private static void createKafkaHandler(ForwarderProcess forwarder, String topic) throws Exception {
        String body = "{\"name\":\"" + topic + "\",\"enabled\":true,"
                + "\"filter\":{\"type\":\"lifecycle\",\"eventTypes\":[\"steady_event\"]},"
                + "\"connectionConfig\":{\"type\":\"custom\",\"value\":\"bootstrap.servers=" + kafka.bootstrapServers()
                + "\",\"topic\":\"" + topic + "\"}}";
        HttpResponse<String> created = forwarder.postAsRoot("/handler/kafka", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    /** Event ids seen on the topic, with how often each came (duplicates are allowed, losses are not). */
    private static final class Delivered {
        private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();

        void add(String value) {
            Matcher id = ID.matcher(value);
            if (id.find()) {
                seen.computeIfAbsent(id.group(1), key -> new AtomicInteger()).incrementAndGet();
            }
        }

        int distinct() {
            return seen.size();
        }

        /** Which ids have not arrived, as ranges, for the report of a failed run. */
        String describeMissing(String topic) {
            StringBuilder missing = new StringBuilder();
            int count = 0;
            for (int i = 0; i < EVENTS; i++) {
                if (!seen.containsKey(topic + "-" + i)) {
                    int first = i;
                    while (i + 1 < EVENTS && !seen.containsKey(topic + "-" + (i + 1))) {
                        i++;
                    }
                    count += i - first + 1;
                    missing.append(missing.length() == 0 ? "" : ", ").append(first == i ? first : first + "-" + i);
                }
            }
            return count + " of " + EVENTS + " events missing on " + topic + ": " + missing;
        }

        void assertNothingLost() {
            Set<String> ids = seen.keySet();
            assertThat(ids).hasSize(EVENTS);
            int duplicates = seen.values().stream().mapToInt(count -> count.get() - 1).sum();
            System.out.println("Delivered " + EVENTS + " events, " + duplicates + " duplicates, 0 lost");
        }
    }
}
