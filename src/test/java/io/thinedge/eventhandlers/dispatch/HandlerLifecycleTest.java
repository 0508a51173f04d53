package io.thinedge.eventhandlers.dispatch;

import static io.thinedge.eventhandlers.dispatch.DeadLetterReplayTest.texts;
import static io.thinedge.eventhandlers.support.HandlerBodies.handler;
import static io.thinedge.eventhandlers.support.HandlerBodies.lifecycle;
import static io.thinedge.eventhandlers.support.HandlerBodies.webhook;
import static io.thinedge.eventhandlers.support.Handlers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.thinedge.eventhandlers.handler.HandlerStatus;
import io.thinedge.eventhandlers.support.ForwarderExtension;
import io.thinedge.eventhandlers.support.HandlerApiClient;
import io.thinedge.eventhandlers.support.HttpReceiver;

/**
 * Handler lifecycle operators can trust (SPEC §6): a poison event is parked and never blocks the
 * handler, order per handler holds after a transient failure, the automatic re-test never sends a
 * synthetic event, an operator's disable wins over failed and a GET-PUT round trip changes no state, and the dead letters are listed,
 * retried and purged over the API. Real Mosquitto, the real application, real HTTP receivers; the
 * automatic re-test runs every second.
 */
class HandlerLifecycleTest {

    static final String TOKEN = "lifecycle-token-0123456789abcdef0123456789";
    static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final ForwarderExtension forwarder = ForwarderExtension.withDefaults()
            .property("webhook.timeout", "4s")
            .property("handlers.retest-interval", "1s")
            .token(TOKEN).deletingHandlersAfterEach();
    static final HandlerApiClient api = new HandlerApiClient(forwarder);

    static JsonNode letters(String id, String query) {
        HandlerApiClient.Answer response = api.send("GET", "/" + id + "/deadletters" + query, null);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    @Test
    void should_park_a_poison_event_let_later_events_flow_and_deliver_it_on_the_operators_retry() {
        try (HttpReceiver receiver = HttpReceiver.http()) {
            receiver.answerWith(request -> request.body().contains("\"poison\"") ? 400 : 200);
            String id = api.create("webhook", "/", handler("picky", true, lifecycle("pick_evt"), webhook(receiver.url("/p"))));

            for (String text : new String[] {"p1", "poison", "p2", "p3"}) {
                forwarder.publishEventAndWait("pick_evt", text);
            }

            assertThat(texts(receiver)).as("the rejected event tried once, the later ones not held back")
                    .containsExactly("p1", "poison", "p2", "p3");
            assertThat(forwarder.status(id)).isEqualTo(HandlerStatus.ACTIVE);
            JsonNode listed = letters(id, "");
            assertThat(listed.path("total").asInt()).isEqualTo(1);
            assertThat(listed.path("parked").asInt()).isEqualTo(1);
            assertThat(listed.path("waiting").asInt()).isZero();
            JsonNode letter = listed.path("letters").get(0);
            assertThat(letter.path("parked").asBoolean()).isTrue();
            assertThat(letter.path("error").asText()).contains("400");
            assertThat(letter.path("attempts").asInt()).isEqualTo(1);
            assertThat(letter.path("event").path("text").asText()).isEqualTo("poison");
            assertThat(letter.path("event").path("eventType").asText()).isEqualTo("pick_evt");
            forwarder.publishEventAndWait("pick_evt", "p4");
            assertThat(texts(receiver)).as("a parked letter is never replayed by itself").containsExactly(
                    "p1", "poison", "p2", "p3", "p4");

            receiver.answer(200);
            HandlerApiClient.Answer retry = api.send("POST", "/" + id + "/deadletters/retry", "");
            assertThat(retry.status()).isEqualTo(200);
            assertThat(json(retry.body()).path("unparked").asInt()).isEqualTo(1);
            await().atMost(WAIT).until(() -> forwarder.deadLetters().size(id) == 0);
            assertThat(texts(receiver)).containsExactly("p1", "poison", "p2", "p3", "p4", "poison");
        }
    }

    @Test
    void should_send_the_waiting_letter_before_the_next_event_after_a_transient_failure() {
        try (HttpReceiver receiver = HttpReceiver.http().answer(503)) {
            String id = api.create("webhook", "/", handler("ordered", true, lifecycle("ord_evt"), webhook(receiver.url("/o"))));
            forwarder.publishEventAndWait("ord_evt", "o1");
            assertThat(forwarder.deadLetters().waiting(id)).isEqualTo(1);

            receiver.answer(200);
            forwarder.publishEventAndWait("ord_evt", "o2");

            await().atMost(WAIT).until(() -> receiver.requests().size() == 3);
            assertThat(texts(receiver)).as("o1 failed, then o1 again before o2").containsExactly("o1", "o1", "o2");
            await().atMost(WAIT).until(() -> forwarder.deadLetters().size(id) == 0);
        }
    }

    @Test
    void should_leave_a_handler_its_operator_switched_off_or_without_letters_to_its_operator() {
        try (HttpReceiver down = HttpReceiver.http()) {
            down.stop();
            String off = api.create("webhook", "/", handler("off", true, lifecycle("down_evt"), webhook(down.url("/off"))));
            String purged = api.create("webhook", "/", handler("purged", true, lifecycle("down_evt"), webhook(down.url("/purged"))));
            String waiting = api.create("webhook", "/", handler("waiting", true, lifecycle("down_evt"), webhook(down.url("/waiting"))));
            for (int i = 1; i <= 5; i++) {
                forwarder.publishEventAndWait("down_evt", "d" + i);
            }
            await().atMost(WAIT).until(() -> forwarder.status(off) == HandlerStatus.FAILED);
            await().atMost(WAIT).until(() -> forwarder.status(purged) == HandlerStatus.FAILED);
            await().atMost(WAIT).until(() -> forwarder.status(waiting) == HandlerStatus.FAILED);

            assertThat(api.update("webhook", off, "/", "{\"enabled\":false}").path("status").asText())
                    .as("what GET shows of a failed handler does not switch it off").isEqualTo("failed");
            HandlerApiClient.Answer disable = api.send("POST", "/" + off + "/disable", "");
            assertThat(disable.status()).as(disable.body()).isEqualTo(200);
            assertThat(json(disable.body()).path("status").asText()).isEqualTo("disabled");
            forwarder.publishEventAndWait("down_evt", "d6");
            assertThat(forwarder.deadLetters().size(off)).as("a disabled handler keeps nothing new").isEqualTo(5);
            assertThat(forwarder.deadLetters().size(waiting)).as("a failed one keeps everything").isEqualTo(6);
            HandlerApiClient.Answer purge = api.send("DELETE", "/" + purged + "/deadletters", null);
            assertThat(json(purge.body()).path("purged").asInt()).isEqualTo(6);

            down.start();
            // the re-test enables the handler whose oldest letter now goes through, and replays the rest
            await().atMost(WAIT).until(() -> forwarder.status(waiting) == HandlerStatus.ACTIVE && forwarder.deadLetters().size(waiting) == 0);
            assertThat(down.requests()).extracting(HttpReceiver.Request::uri).allMatch(uri -> uri.equals("/waiting"));
            assertThat(texts(down)).as("real events, never a synthetic sample").containsExactlyElementsOf(texts("d", 1, 6));
            assertThat(forwarder.status(off)).as("the operator's disable wins over re-tests").isEqualTo(HandlerStatus.DISABLED);
            assertThat(forwarder.status(purged)).as("no letter to probe with: left to the operator's test").isEqualTo(HandlerStatus.FAILED);

            assertThat(api.testExisting(purged, "/").path("successful").asBoolean()).isTrue();
            assertThat(forwarder.status(purged)).isEqualTo(HandlerStatus.ACTIVE);
        }
    }

    @Test
    void should_keep_a_failed_handler_failed_through_a_get_put_round_trip_and_re_enable_it_on_a_successful_test() {
        try (HttpReceiver receiver = HttpReceiver.http().answer(500)) {
            String id = failedHandler("round trip", "trip_evt", "t", receiver);

            com.fasterxml.jackson.databind.node.ObjectNode shown = (com.fasterxml.jackson.databind.node.ObjectNode) api.get(id, "/");
            assertThat(shown.path("enabled").asBoolean()).isFalse();
            shown.put("description", "edited by a client that sends back what it read");
            JsonNode answered = api.update("webhook", id, "/", shown.toString());
            assertThat(answered.path("status").asText()).isEqualTo("failed");
            assertThat(api.update("webhook", id, "/", "{\"description\":\"no enabled\"}").path("status").asText())
                    .isEqualTo("failed");
            assertThat(forwarder.status(id)).isEqualTo(HandlerStatus.FAILED);
            forwarder.publishEventAndWait("trip_evt", "t6");
            await().atMost(WAIT).until(() -> forwarder.deadLetters().size(id) == 6);

            int before = receiver.requests().size();
            receiver.answer(200);
            assertThat(api.testExisting(id, "/").path("successful").asBoolean()).isTrue();
            await().atMost(WAIT).until(() -> forwarder.status(id) == HandlerStatus.ACTIVE && forwarder.deadLetters().size(id) == 0);
            assertThat(texts(receiver).subList(before, receiver.requests().size()))
                    .as("the kept events replayed in order").containsSubsequence(texts("t", 1, 6));
        }
    }

    @Test
    void should_enable_a_failed_handler_on_enabled_true() {
        try (HttpReceiver receiver = HttpReceiver.http().answer(500)) {
            String id = failedHandler("enabled again", "again_evt", "a", receiver);

            assertThat(api.update("webhook", id, "/", "{\"enabled\":true}").path("status").asText()).isEqualTo("active");
        }
    }

    /** A webhook handler to {@code receiver} (answering 500), failed by 5 events {@code <prefix>1} to {@code <prefix>5}. */
    static String failedHandler(String name, String eventType, String prefix, HttpReceiver receiver) {
        String id = api.create("webhook", "/", handler(name, true, lifecycle(eventType), webhook(receiver.url("/" + prefix))));
        for (int i = 1; i <= 5; i++) {
            forwarder.publishEventAndWait(eventType, prefix + i);
        }
        await().atMost(WAIT).until(() -> forwarder.status(id) == HandlerStatus.FAILED);
        return id;
    }

    @Test
    void should_refuse_a_page_out_of_bounds_naming_the_parameter() {
        String id = api.create("webhook", "/", handler("paged", true, lifecycle("x"), webhook("http://127.0.0.1:1/x")));
        HandlerApiClient.Answer response = api.send("GET", "/" + id + "/deadletters?limit=0", null);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("limit");
        assertThat(api.send("GET", "/no-such-id/deadletters", null).status()).isEqualTo(404);
    }
}
