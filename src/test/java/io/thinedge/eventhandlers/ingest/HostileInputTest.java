package io.thinedge.eventhandlers.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.thinedge.eventhandlers.support.EventRecorder;
import io.thinedge.eventhandlers.support.ForwarderExtension;

/**
 * Fuzzing through the real broker: generated bad payloads and topics interleaved with valid events.
 * Every bad one yields exactly one message on tedge/errors; every valid one is dispatched; nothing stops.
 */
class HostileInputTest {

    private static final int BAD = 10_000;
    private static final int VALID_EVERY = 5;

    static final AtomicReference<EventRecorder> recorder = new AtomicReference<>();

    @RegisterExtension
    static final ForwarderExtension forwarder = ForwarderExtension.withDefaults()
            .beforeStart(context -> recorder.set(EventRecorder.attachTo(context)))
            .deviceSubscribedTo("tedge/errors");

    @Test
    void should_report_each_bad_message_once_and_deliver_every_valid_one() {
        Random random = new Random(20261123L);
        List<String> valid = new ArrayList<>();
        for (int i = 0; i < BAD; i++) {
            BadMessage bad = badMessage(random, i);
            forwarder.device().publish(bad.topic(), bad.payload());
            if (i % VALID_EVERY == 0) {
                String text = "valid-" + i;
                valid.add(text);
                forwarder.device().publish("tedge/events/fuzz" + (i % 7 == 0 ? "/child-" + (i % 13) : ""),
                        "{\"text\":\"" + text + "\",\"n\":" + i + "}");
            }
        }

        await().atMost(Duration.ofMinutes(3)).until(() -> forwarder.device().payloadsOn("tedge/errors").size() >= BAD
                && recorder.get().texts().containsAll(valid));
        assertThat(forwarder.device().payloadsOn("tedge/errors")).hasSize(BAD)
                .allMatch(message -> message.startsWith("Parsing of event message received on topic: "));
        assertThat(recorder.get().texts()).containsAll(valid);
        assertThat(forwarder.context().getRouteController().getRouteStatus("tedge-events").isStarted()).isTrue();
    }

    private record BadMessage(String topic, byte[] payload) {
    }

    /** One message that is invalid for a known reason; the kinds rotate so each is well represented. */
    private static BadMessage badMessage(Random random, int i) {
        String topic = "tedge/events/type" + random.nextInt(50);
        return switch (i % 12) {
            case 0 -> new BadMessage(topic, randomBytesNotJson(random, 1 + random.nextInt(200)));
            case 1 -> new BadMessage(topic, utf8(truncatedJson(random)));
            case 2 -> new BadMessage(topic, utf8("{\"a\":" + "[".repeat(2000 + random.nextInt(3000)) + "1"
                    + "]".repeat(2000) + "}"));
            case 3 -> new BadMessage(topic, utf8("{\"text\":" + random.nextInt() + "}"));
            case 4 -> new BadMessage(topic, utf8("{\"time\":\"" + random.nextInt(10000) + "-13-45T99:00:00\"}"));
            case 5 -> new BadMessage(topic, utf8(i % 1000 == 5 ? "[" + "1,".repeat(500_000) + "1]" : "[1,2,3]"));
            case 6 -> new BadMessage(topic, new byte[] {'{', '"', 't', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}'});
            case 7 -> new BadMessage(topic, utf8(" ".repeat(1 + random.nextInt(20))));
            case 8 -> new BadMessage("tedge/events/" + "x/".repeat(2 + random.nextInt(5)) + "deep", utf8("{}"));
            case 9 -> new BadMessage(topic, utf8("{\"text\":\"" + "x".repeat(i % 1000 == 9 ? 1_000_000 : 5000)
                    + "\",\"text\":\"dup\"}"));
            case 10 -> new BadMessage("te/device/child" + random.nextInt(9) + "/odd/entity/e/t", utf8("{}"));
            default -> new BadMessage(topic, utf8(random.nextBoolean() ? "null" : "\"just a string\""));
        };
    }

    private static byte[] randomBytesNotJson(Random random, int length) {
        byte[] bytes = new byte[length + 1];
        random.nextBytes(bytes);
        bytes[0] = (byte) 0xC0; // never valid UTF-8, so never a JSON object
        return bytes;
    }

    private static String truncatedJson(Random random) {
        String json = "{\"text\":\"door\",\"time\":\"2021-04-23T19:00:00Z\",\"extra\":{\"a\":[1,2,3]}}";
        return json.substring(0, 1 + random.nextInt(json.length() - 2));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
