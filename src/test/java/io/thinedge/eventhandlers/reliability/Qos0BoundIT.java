package io.thinedge.eventhandlers.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.support.ForwarderProcess;
import io.thinedge.eventhandlers.support.HttpReceiver;
import io.thinedge.eventhandlers.support.MosquittoBroker;
import io.thinedge.eventhandlers.support.RunningForwarder;

/**
 * Issue 29 item 7 against the real jar with the gateway's heap (config/jvm.env, 96 MB): 100 000 QoS 0
 * events for a webhook whose receiver takes 5 ms an event. The process stays alive, and what did not
 * reach the receiver is exactly what {@code tedge_events_dropped_total{reason="handler-queue-full"}}
 * counts, with a few rate-limited WARNs, not one per event.
 */
class Qos0BoundIT {

    private static final int EVENTS = 100_000;
    private static final Pattern TEXT = Pattern.compile("\"text\":\"q0-(\\d+)\"");
    private static final Pattern DROPPED = Pattern.compile(
            "(?m)^tedge_events_dropped_total\\{[^}]*reason=\"handler-queue-full\"[^}]*\\}\\s+([0-9.eE+]+)");

    @Test
    void should_drop_and_count_the_qos0_events_a_slow_handler_cannot_take_and_stay_within_its_heap() throws Exception {
        Set<Integer> received = ConcurrentHashMap.newKeySet();
        try (MosquittoBroker broker = MosquittoBroker.start();
                ForwarderProcess forwarder = ForwarderProcess.start(RunningForwarder.defaults(broker));
                HttpReceiver receiver = HttpReceiver.http()) {
            receiver.answerWith(request -> {
                Matcher text = TEXT.matcher(request.body());
                if (text.find()) {
                    received.add(Integer.parseInt(text.group(1)));
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return 200;
            });
            createWebhook(forwarder, receiver.url("/slow"));

            MqttClient device = new MqttClient(broker.uri(), "qos0-" + UUID.randomUUID(), new MemoryPersistence());
            device.connect(new MqttConnectionOptions());
            try {
                // the handler takes events once the forwarder has it: one first event, until it arrives
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    publish(device, "{\"text\":\"warm-up\"}");
                    return !receiver.requests().isEmpty();
                });
                for (int i = 0; i < EVENTS; i++) {
                    publish(device, "{\"text\":\"q0-" + i + "\"}");
                }
            } finally {
                device.disconnect();
                device.close();
            }

            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> received.size() + dropped(forwarder) >= EVENTS);
            long dropped = dropped(forwarder);
            assertThat(forwarder.isAlive()).as("forwarder alive").isTrue();
            String log = Files.readString(forwarder.log(), StandardCharsets.UTF_8);
            assertThat(log).doesNotContain("OutOfMemoryError");
            assertThat(dropped).as("dropped").isPositive();
            assertThat(received.size() + dropped).as("received + dropped").isEqualTo(EVENTS);
            long warnings = log.lines().filter(line -> line.contains("WARN") && line.contains("handler-queue-full")).count();
            assertThat(warnings).as("drop WARNs").isBetween(1L, 60L);
            System.out.println("QoS 0: " + received.size() + " delivered, " + dropped + " dropped, " + warnings
                    + " WARN lines, resident " + forwarder.residentBytes() / 1_048_576 + " MB");
        }
    }

    private static void publish(MqttClient device, String payload) throws Exception {
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        message.setQos(0);
        device.publish("tedge/events/q0_evt", message);
    }

    private static long dropped(ForwarderProcess forwarder) throws Exception {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(forwarder.httpBase() + "/observe/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher value = DROPPED.matcher(metrics.body());
        return value.find() ? (long) Double.parseDouble(value.group(1)) : 0;
    }

    private static void createWebhook(ForwarderProcess forwarder, String url) throws Exception {
        String body = "{\"name\":\"slow\",\"enabled\":true,\"filter\":{\"type\":\"lifecycle\",\"eventTypes\":[\"q0_evt\"]},"
                + "\"connectionConfig\":{\"uri\":\"" + url + "\",\"method\":\"post\",\"format\":\"generic\"}}";
        HttpResponse<String> created = forwarder.postAsRoot("/handler/webhook", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }
}
