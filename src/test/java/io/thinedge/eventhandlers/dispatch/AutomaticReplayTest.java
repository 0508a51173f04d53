package io.thinedge.eventhandlers.dispatch;

import static io.thinedge.eventhandlers.dispatch.DeadLetterReplayTest.SAMPLE_TEXT;
import static io.thinedge.eventhandlers.dispatch.DeadLetterReplayTest.texts;
import static io.thinedge.eventhandlers.support.HandlerBodies.handler;
import static io.thinedge.eventhandlers.support.HandlerBodies.lifecycle;
import static io.thinedge.eventhandlers.support.HandlerBodies.webhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.thinedge.eventhandlers.handler.HandlerStatus;
import io.thinedge.eventhandlers.support.ForwarderExtension;
import io.thinedge.eventhandlers.support.HandlerApiClient;
import io.thinedge.eventhandlers.support.HttpReceiver;

/** An unattended gateway: the re-test every second enables a failed handler, which replays its dead letters. */
class AutomaticReplayTest {

    static final String TOKEN = "auto-replay-token-0123456789abcdef0123456789";
    static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final ForwarderExtension forwarder = ForwarderExtension.withDefaults()
            .property("webhook.timeout", "4s")
            .property("handlers.retest-interval", "1s")
            .token(TOKEN);
    static final HandlerApiClient api = new HandlerApiClient(forwarder);

    @Test
    void should_replay_in_order_before_new_events_once_the_automatic_retest_enables_a_failed_handler() {
        try (HttpReceiver down = HttpReceiver.http(); HttpReceiver healthy = HttpReceiver.http()) {
            down.stop();
            String id = api.create("webhook", "/", handler("down", true, lifecycle("auto_evt"), webhook(down.url("/d"))));
            api.create("webhook", "/", handler("healthy", true, lifecycle("auto_evt"), webhook(healthy.url("/h"))));
            for (int i = 1; i <= 8; i++) {
                forwarder.publishEventAndWait("auto_evt", "a" + i);
            }
            await().atMost(WAIT).until(() -> forwarder.status(id) == HandlerStatus.FAILED);
            assertThat(forwarder.deadLetters().size(id)).isEqualTo(8);

            down.start();
            await().atMost(WAIT).until(() -> forwarder.status(id) == HandlerStatus.ACTIVE);
            forwarder.device().publish("tedge/events/auto_evt", "{\"text\":\"a9\"}");
            forwarder.device().publish("tedge/events/auto_evt", "{\"text\":\"a10\"}");

            await().atMost(WAIT).until(() -> events(down).size() == 10);
            assertThat(events(down)).containsExactlyElementsOf(DeadLetterReplayTest.texts("a", 1, 10));
            assertThat(texts(down)).as("the re-test probes with the oldest letter, never a synthetic sample")
                    .doesNotContain(SAMPLE_TEXT).hasSize(10);
            await().atMost(WAIT).until(() -> forwarder.deadLetters().size(id) == 0);
            await().atMost(WAIT).until(() -> healthy.requests().size() == 10);
            assertThat(texts(healthy)).containsExactlyElementsOf(DeadLetterReplayTest.texts("a", 1, 10));
        }
    }

    /** What a receiver got, leaving out the re-test's sample events. */
    private static List<String> events(HttpReceiver receiver) {
        return texts(receiver).stream().filter(text -> !text.equals(SAMPLE_TEXT)).toList();
    }
}
