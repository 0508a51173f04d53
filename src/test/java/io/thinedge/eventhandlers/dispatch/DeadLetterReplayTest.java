package io.thinedge.eventhandlers.dispatch;

import static io.thinedge.eventhandlers.support.HandlerBodies.handler;
import static io.thinedge.eventhandlers.support.HandlerBodies.lifecycle;
import static io.thinedge.eventhandlers.support.HandlerBodies.webhook;
import static io.thinedge.eventhandlers.support.Handlers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.thinedge.eventhandlers.handler.HandlerStatus;
import io.thinedge.eventhandlers.support.ForwarderExtension;
import io.thinedge.eventhandlers.support.HandlerApiClient;
import io.thinedge.eventhandlers.support.HttpReceiver;

/**
 * Dead letters end to end (SPEC §6): real Mosquitto, the real application, real HTTP receivers
 * that fail and recover. The automatic re-test is off here, so a handler is enabled again only by
 * its test or its operator; {@link AutomaticReplayTest} covers the re-test.
 */
class DeadLetterReplayTest {

    static final String TOKEN = "dead-letter-token-0123456789abcdef0123456789";
    static final Duration WAIT = Duration.ofSeconds(30);
    static final int MAX_LETTERS = 20;
    static final String SAMPLE_TEXT = "Test event from tedge-event-handlers";

    @RegisterExtension
    static final ForwarderExtension forwarder = ForwarderExtension.withDefaults()
            .property("webhook.timeout", "4s")
            .property("handlers.retest-interval", "0")
            .property("deadletter.max-events", String.valueOf(MAX_LETTERS))
            .token(TOKEN).deletingHandlersAfterEach();
    static final HandlerApiClient api = new HandlerApiClient(forwarder);

    static List<String> texts(HttpReceiver receiver) {
        return receiver.bodies().stream().map(body -> json(body).path("text").asText()).collect(Collectors.toList());
    }

    static List<String> texts(String prefix, int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> prefix + i).collect(Collectors.toList());
    }

    @Test
    void should_keep_the_events_of_a_failed_handler_and_replay_them_in_order_before_new_ones_after_a_successful_test() {
        try (HttpReceiver failing = HttpReceiver.http().answer(500); HttpReceiver healthy = HttpReceiver.http()) {
            String id = api.create("webhook", "/", handler("failing", true, lifecycle("dl_evt"), webhook(failing.url("/f"))));
            api.create("webhook", "/", handler("healthy", true, lifecycle("dl_evt"), webhook(healthy.url("/h"))));

            for (int i = 1; i <= 5; i++) {
                forwarder.publishEventAndWait("dl_evt", "e" + i);
                // kept before the MQTT message completed: nothing to wait for
                assertThat(forwarder.deadLetters().size(id)).as("letters after event " + i).isEqualTo(i);
            }
            await().atMost(WAIT).until(() -> forwarder.status(id) == HandlerStatus.FAILED);
            for (int i = 6; i <= 30; i++) {
                forwarder.publishEventAndWait("dl_evt", "e" + i);
            }
            assertThat(failing.requests()).as("nothing sent while failed").hasSize(5);
            assertThat(forwarder.deadLetters().size(id)).isEqualTo(MAX_LETTERS);
            assertThat(forwarder.deadLetters().dropped(id)).isEqualTo(10);
            await().atMost(WAIT).until(() -> healthy.requests().size() == 30);
            assertThat(texts(healthy)).containsExactlyElementsOf(texts("e", 1, 30));

            failing.answer(200);
            failing.clear();
            JsonNode test = api.testExisting(id, "/");
            assertThat(test.path("successful").asBoolean()).as(test.toString()).isTrue();
            for (int i = 31; i <= 33; i++) {
                forwarder.device().publish("tedge/events/dl_evt", "{\"text\":\"e" + i + "\"}");
            }

            await().atMost(WAIT).until(() -> texts(failing).contains("e33"));
            await().atMost(WAIT).until(() -> forwarder.deadLetters().size(id) == 0);
            // the store is full when the replay starts: a new event appended before two letters went
            // out drops the oldest letter still waiting
            long droppedDuringReplay = forwarder.deadLetters().dropped(id) - 10;
            assertThat(droppedDuringReplay).isBetween(0L, 3L);
            List<String> received = texts(failing);
            assertThat(received.get(0)).isEqualTo(SAMPLE_TEXT);
            assertThat(received.subList(received.size() - 3, received.size())).containsExactly("e31", "e32", "e33");
            List<Integer> replayed = received.subList(1, received.size() - 3).stream()
                    .map(text -> Integer.parseInt(text.substring(1))).toList();
            assertThat(replayed).hasSize(MAX_LETTERS - (int) droppedDuringReplay).isSorted().doesNotHaveDuplicates()
                    .allMatch(number -> number >= 11 && number <= 30);
            await().atMost(WAIT).until(() -> healthy.requests().size() == 33);
            assertThat(texts(healthy)).containsExactlyElementsOf(texts("e", 1, 33));
            assertThat(forwarder.status(id)).isEqualTo(HandlerStatus.ACTIVE);
        }
    }

    @Test
    void should_stop_the_replay_and_fail_again_while_deliveries_fail_and_replay_once_the_operator_enables_it() {
        try (HttpReceiver receiver = HttpReceiver.http().answer(503)) {
            String body = handler("stuck", true, lifecycle("stuck_evt"), webhook(receiver.url("/s")));
            String id = api.create("webhook", "/", body);
            for (int i = 1; i <= 7; i++) {
                forwarder.publishEventAndWait("stuck_evt", "s" + i);
            }
            await().atMost(WAIT).until(() -> forwarder.status(id) == HandlerStatus.FAILED);
            assertThat(forwarder.deadLetters().size(id)).isEqualTo(7);

            // enabled again while the receiver still fails: one attempt of the oldest letter, then it waits
            receiver.clear();
            api.update("webhook", id, "/", body);
            await().atMost(WAIT).until(() -> receiver.requests().size() == 1);
            assertThat(forwarder.status(id)).isEqualTo(HandlerStatus.ACTIVE);
            // each new event is kept behind the letters and is worth one more attempt of the oldest: 4 fail it
            for (int i = 8; i <= 11; i++) {
                forwarder.publishEventAndWait("stuck_evt", "s" + i);
            }
            await().atMost(WAIT).until(() -> forwarder.status(id) == HandlerStatus.FAILED);
            assertThat(texts(receiver)).as("the oldest letter tried until the breaker opened, nothing newer before it")
                    .containsExactly("s1", "s1", "s1", "s1", "s1");
            assertThat(forwarder.deadLetters().size(id)).isEqualTo(11);

            receiver.answer(200);
            receiver.clear();
            api.update("webhook", id, "/", body);
            forwarder.publishEventAndWait("stuck_evt", "s12");
            await().atMost(WAIT).until(() -> receiver.requests().size() == 12);
            assertThat(texts(receiver)).containsExactlyElementsOf(texts("s", 1, 12));
            await().atMost(WAIT).until(() -> forwarder.deadLetters().size(id) == 0);
        }
    }

    @Test
    void should_neither_deliver_nor_keep_events_for_a_handler_its_operator_disabled() {
        try (HttpReceiver receiver = HttpReceiver.http()) {
            String id = api.create("webhook", "/", handler("off", false, lifecycle("off_evt"), webhook(receiver.url("/o"))));
            forwarder.publishEventAndWait("off_evt", "o1");
            forwarder.publishEventAndWait("off_evt", "o2");
            assertThat(forwarder.deadLetters().size(id)).isZero();

            api.update("webhook", id, "/", handler("off", true, lifecycle("off_evt"), webhook(receiver.url("/o"))));
            forwarder.publishEventAndWait("off_evt", "o3");
            await().atMost(WAIT).until(() -> receiver.requests().size() == 1);
            assertThat(texts(receiver)).containsExactly("o3");
            assertThat(forwarder.deadLetters().size(id)).isZero();
        }
    }

    @Test
    void should_forget_the_dead_letters_of_a_deleted_handler() {
        try (HttpReceiver receiver = HttpReceiver.http().answer(500)) {
            String id = api.create("webhook", "/", handler("gone", true, lifecycle("gone_evt"), webhook(receiver.url("/g"))));
            for (int i = 1; i <= 6; i++) {
                forwarder.publishEventAndWait("gone_evt", "g" + i);
            }
            assertThat(forwarder.deadLetters().size(id)).isEqualTo(6);

            api.delete(id, "/");
            await().atMost(WAIT).until(() -> forwarder.deadLetters().size(id) == 0);
        }
    }
}
