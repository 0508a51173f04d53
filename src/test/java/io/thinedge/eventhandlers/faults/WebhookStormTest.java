package io.thinedge.eventhandlers.faults;

import static io.thinedge.eventhandlers.support.HandlerBodies.handler;
import static io.thinedge.eventhandlers.support.HandlerBodies.webhook;
import static io.thinedge.eventhandlers.support.Handlers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.thinedge.eventhandlers.handler.HandlerStatus;
import io.thinedge.eventhandlers.support.ForwarderExtension;
import io.thinedge.eventhandlers.support.HandlerApiClient;
import io.thinedge.eventhandlers.support.HttpReceiver;

/**
 * A webhook receiver that keeps failing (500s, then hanging past {@code webhook.timeout}, then
 * refusing connections): each handler's breaker opens after exactly 5 failed attempts and sends
 * nothing more while open; a thousand failed deliveries with re-enables in between leave no
 * threads, routes or heap behind; deliveries resume once the receiver is healthy again.
 */
class WebhookStormTest {

    static final String TOKEN = "storm-token-0123456789abcdef0123456789abcdef";
    static final Duration WAIT = Duration.ofSeconds(20);
    /** The text of the sample event of {@code POST /test/existing} (SampleEvents). */
    static final String SAMPLE_TEXT = "Test event from tedge-event-handlers";

    @RegisterExtension
    static final ForwarderExtension forwarder = ForwarderExtension.withDefaults()
            .property("webhook.timeout", "1s")
            .property("handlers.retest-interval", "0")
            .token(TOKEN).deletingHandlersAfterEach();
    static final HandlerApiClient api = new HandlerApiClient(forwarder);

    /** Enables the handler by a successful test and waits until its dead letters are replayed. */
    static void reenableAndDrain(String id) {
        reenable(id);
        await("dead letters of " + id + " replayed").atMost(WAIT).until(() -> forwarder.deadLetters().size(id) == 0);
    }

    /** Publishes {@code count} events of {@code type} and waits until the forwarder completed them all. */
    static void publish(String type, int count) {
        NotifyBuilder done = new NotifyBuilder(forwarder.context()).fromRoute("tedge-events").filter(ForwarderExtension::isMqttMessage).whenDone(count).create();
        for (int i = 1; i <= count; i++) {
            forwarder.device().publish("tedge/events/" + type, "{\"text\":\"" + type + " " + i + "\"}");
        }
        assertThat(done.matches(WAIT.toSeconds(), TimeUnit.SECONDS)).as(count + " " + type + " events processed").isTrue();
    }

    static void reenable(String id) {
        testSucceeds(id);
        assertThat(forwarder.status(id)).isEqualTo(HandlerStatus.ACTIVE);
    }

    /** Tests the handler against its sink; a successful test enables it. */
    static void testSucceeds(String id) {
        JsonNode result = api.testExisting(id);
        assertThat(result.path("successful").asBoolean()).as(result.toString()).isTrue();
    }

    @Test
    void should_open_the_breaker_after_exactly_5_failures_whether_answered_500_timed_out_or_refused() {
        try (HttpReceiver receiver = HttpReceiver.http().answer(500)) {
            String id = api.create("webhook", handler("storm", "storm_evt", webhook(receiver.url("/storm"))));

            // 500: five attempts, then the breaker is open and the handler failed
            publish("storm_evt", 5);
            await().atMost(WAIT).until(() -> forwarder.status(id) == HandlerStatus.FAILED);
            assertThat(receiver.requests()).hasSize(5);
            publish("storm_evt", 3);
            assertThat(receiver.requests()).as("nothing is sent while failed").hasSize(5);
            JsonNode failed = api.get(id, "/");
            assertThat(failed.path("status").asText()).isEqualTo("failed");
            assertThat(failed.path("enabled").asBoolean()).isFalse();
            assertThat(failed.path("lastError").asText()).contains("500");

            // hanging beyond webhook.timeout=1s: five timed-out attempts (the 8 letters kept while
            // failed are replayed to a healthy receiver first)
            receiver.answer(200);
            reenableAndDrain(id);
            receiver.clear();
            receiver.hang();
            publish("storm_evt", 5);
            await().atMost(WAIT).until(() -> forwarder.status(id) == HandlerStatus.FAILED);
            assertThat(receiver.requests()).hasSize(5);
            assertThat(forwarder.store().find(id).orElseThrow().state().lastError()).containsIgnoringCase("timeout");
            publish("storm_evt", 2);
            assertThat(receiver.requests()).as("nothing is sent while failed").hasSize(5);
            receiver.release();

            // refused: the receiver is gone; its test fails too and leaves the handler failed
            reenableAndDrain(id);
            receiver.stop();
            publish("storm_evt", 5);
            await().atMost(WAIT).until(() -> forwarder.status(id) == HandlerStatus.FAILED);
            assertThat(forwarder.store().find(id).orElseThrow().state().consecutiveFailures()).isEqualTo(5);
            assertThat(forwarder.store().find(id).orElseThrow().state().lastError()).contains("Connect");
            assertThat(api.testExisting(id).path("successful").asBoolean()).isFalse();
            await().atMost(WAIT).until(() -> forwarder.status(id) == HandlerStatus.FAILED);

            // recovery: a healthy receiver, a successful test, and events arrive again
            receiver.start();
            receiver.answer(200);
            reenableAndDrain(id);
            receiver.clear();
            publish("storm_evt", 2);
            await().atMost(WAIT).until(() -> receiver.requests().size() == 2);
            assertThat(receiver.bodies()).extracting(body -> json(body).path("text").asText())
                    .containsExactly("storm_evt 1", "storm_evt 2");
            assertThat(forwarder.store().find(id).orElseThrow().state().consecutiveFailures()).isZero();
        }
    }

    @Test
    void should_leave_no_thread_route_or_heap_behind_after_a_thousand_failed_deliveries() {
        int handlers = 10;
        int cycles = 20;
        try (HttpReceiver receiver = HttpReceiver.http()) {
            // the handler tests succeed, every delivery of a real event fails
            receiver.answerWith(request -> request.body().contains(SAMPLE_TEXT) ? 200 : 500);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < handlers; i++) {
                ids.add(api.create("webhook", handler("storm-" + i, "flood_evt", webhook(receiver.url("/h" + i)))));
            }
            int routesBefore = forwarder.context().getRoutes().size();

            // warm up: pools and caches reach their working size before the baseline is taken
            for (int cycle = 0; cycle < 2; cycle++) {
                failAll(ids);
            }
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            int threadsBefore = threads.getThreadCount();
            long heapBefore = heapAfterGc(memory);
            long failedBefore = failedDeliveries(receiver);

            for (int cycle = 0; cycle < cycles; cycle++) {
                failAll(ids);
            }

            long failed = failedDeliveries(receiver) - failedBefore;
            assertThat(failed).as("failed deliveries").isEqualTo((long) handlers * cycles * 5).isGreaterThanOrEqualTo(1000);
            for (int i = 0; i < handlers; i++) {
                String path = "/h" + i;
                assertThat(receiver.requests().stream().filter(request -> request.uri().equals(path))
                        .filter(request -> !request.body().contains(SAMPLE_TEXT)).count())
                        .as("exactly 5 attempts per cycle to " + path).isEqualTo((cycles + 2) * 5L);
            }
            await("threads back to " + threadsBefore).atMost(WAIT)
                    .until(() -> threads.getThreadCount() <= threadsBefore + 10);
            // a handler is marked failed first and its routes are taken down right after, on its own thread
            await().atMost(WAIT).untilAsserted(() -> assertThat(forwarder.context().getRoutes())
                    .as("the failed handlers' routes are taken down").hasSize(routesBefore));
            long grown = heapAfterGc(memory) - heapBefore;
            assertThat(grown).as("heap growth in bytes").isLessThan(32L * 1024 * 1024);

            // recovery: the receiver is healthy, each handler's test enables it and its dead letters
            // are replayed, then a new event reaches every handler once
            receiver.answer(200);
            ids.forEach(WebhookStormTest::reenableAndDrain);
            receiver.clear();
            publish("flood_evt", 1);
            await().atMost(WAIT).until(() -> receiver.requests().stream()
                    .filter(request -> !request.body().contains(SAMPLE_TEXT)).count() == handlers);
            assertThat(ids).allSatisfy(id -> assertThat(forwarder.store().find(id).orElseThrow().state().consecutiveFailures()).isZero());
        }
    }

    /**
     * One cycle: each handler enabled by a successful test, then five events fail it again. Its
     * status is not checked after the test: replaying its dead letters (which fail here) may
     * already have failed it again; the count of attempts per cycle shows it was enabled.
     */
    private static void failAll(List<String> ids) {
        ids.forEach(WebhookStormTest::testSucceeds);
        publish("flood_evt", 5);
        await().atMost(WAIT).until(() -> ids.stream().allMatch(id -> forwarder.status(id) == HandlerStatus.FAILED));
    }

    private static long failedDeliveries(HttpReceiver receiver) {
        return receiver.requests().stream().filter(request -> !request.body().contains(SAMPLE_TEXT)).count();
    }

    private static long heapAfterGc(MemoryMXBean memory) {
        memory.gc();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
