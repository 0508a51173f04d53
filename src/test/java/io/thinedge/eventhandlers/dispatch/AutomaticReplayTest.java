package io.thinedge.eventhandlers.dispatch;

import static io.thinedge.eventhandlers.dispatch.DeadLetterReplayTest.SAMPLE_TEXT;
import static io.thinedge.eventhandlers.dispatch.DeadLetterReplayTest.texts;
import static io.thinedge.eventhandlers.dispatch.HandlerApi.handler;
import static io.thinedge.eventhandlers.dispatch.HandlerApi.lifecycle;
import static io.thinedge.eventhandlers.dispatch.HandlerApi.webhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.event.DeviceEvent;
import io.thinedge.eventhandlers.handler.HandlerStatus;
import io.thinedge.eventhandlers.store.DeadLetters;
import io.thinedge.eventhandlers.store.HandlerStore;
import io.thinedge.eventhandlers.support.HttpReceiver;
import io.thinedge.eventhandlers.support.MosquittoBroker;
import io.thinedge.eventhandlers.support.MqttTestClient;
import io.thinedge.eventhandlers.support.RunningForwarder;

/** An unattended gateway: the re-test every second enables a failed handler, which replays its dead letters. */
class AutomaticReplayTest {

    static final String TOKEN = "auto-replay-token-0123456789abcdef0123456789";
    static final Duration WAIT = Duration.ofSeconds(30);

    static MosquittoBroker broker;
    static RunningForwarder forwarder;
    static MqttTestClient device;
    static HandlerApi api;

    @BeforeAll
    static void start() throws Exception {
        broker = MosquittoBroker.start();
        Map<String, String> properties = RunningForwarder.defaults(broker);
        properties.put("webhook.timeout", "4s");
        properties.put("handlers.retest-interval", "1s");
        Files.writeString(Path.of(properties.get("api.tokens-file")), "/ " + TOKEN + "\n", StandardCharsets.UTF_8);
        forwarder = RunningForwarder.start(properties);
        device = new MqttTestClient(broker.uri());
        api = new HandlerApi(forwarder.httpBase(), TOKEN);
    }

    @AfterAll
    static void stop() {
        device.close();
        forwarder.close();
        broker.close();
    }

    static HandlerStatus status(String id) {
        return forwarder.context().getRegistry().lookupByNameAndType("handlerStore", HandlerStore.class)
                .find(id).orElseThrow().state().status();
    }

    static long letters(String id) {
        return forwarder.context().getRegistry().lookupByNameAndType("deadLetters", DeadLetters.class).size(id);
    }

    static void publish(String text) {
        NotifyBuilder done = new NotifyBuilder(forwarder.context()).fromRoute("tedge-events")
                .filter(exchange -> exchange.getMessage().getBody() instanceof DeviceEvent event && event.text().equals(text))
                .whenDone(1).create();
        device.publish("tedge/events/auto_evt", "{\"text\":\"" + text + "\"}");
        assertThat(done.matches(WAIT.toSeconds(), TimeUnit.SECONDS)).as("event " + text + " processed").isTrue();
    }

    @Test
    void should_replay_in_order_before_new_events_once_the_automatic_retest_enables_a_failed_handler() {
        try (HttpReceiver down = HttpReceiver.http(); HttpReceiver healthy = HttpReceiver.http()) {
            down.stop();
            String id = api.create("webhook", "/", handler("down", true, lifecycle("auto_evt"), webhook(down.url("/d"))));
            api.create("webhook", "/", handler("healthy", true, lifecycle("auto_evt"), webhook(healthy.url("/h"))));
            for (int i = 1; i <= 8; i++) {
                publish("a" + i);
            }
            await().atMost(WAIT).until(() -> status(id) == HandlerStatus.FAILED);
            assertThat(letters(id)).isEqualTo(8);

            down.start();
            await().atMost(WAIT).until(() -> status(id) == HandlerStatus.ACTIVE);
            device.publish("tedge/events/auto_evt", "{\"text\":\"a9\"}");
            device.publish("tedge/events/auto_evt", "{\"text\":\"a10\"}");

            await().atMost(WAIT).until(() -> events(down).size() == 10);
            assertThat(events(down)).containsExactlyElementsOf(DeadLetterReplayTest.texts("a", 1, 10));
            assertThat(texts(down)).as("the re-test probes with the oldest letter, never a synthetic sample")
                    .doesNotContain(SAMPLE_TEXT).hasSize(10);
            await().atMost(WAIT).until(() -> letters(id) == 0);
            await().atMost(WAIT).until(() -> healthy.requests().size() == 10);
            assertThat(texts(healthy)).containsExactlyElementsOf(DeadLetterReplayTest.texts("a", 1, 10));
        }
    }

    /** What a receiver got, leaving out the re-test's sample events. */
    private static List<String> events(HttpReceiver receiver) {
        return texts(receiver).stream().filter(text -> !text.equals(SAMPLE_TEXT)).toList();
    }
}
