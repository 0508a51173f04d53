package io.thinedge.eventhandlers.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.event.TelemetryEvent;

class HandlerLaneTest {

    /** Runs submitted work only when the test says so, so work can queue up first. */
    private final Queue<Runnable> pool = new ArrayDeque<>();
    private final Executor manual = pool::add;
    private final List<List<String>> batches = new ArrayList<>();
    private final List<String> order = new ArrayList<>();

    private HandlerLane lane(HandlerLane.BatchDelivery delivery) {
        return new HandlerLane("h1", manual, delivery);
    }

    private static QueuedEvent event(String path) {
        return QueuedEvent.of(new TelemetryEvent("d", false, "/", path, BigDecimal.ONE, "2026-01-01T00:00:00Z", 0, "tedge/measurements"));
    }

    private static String path(QueuedEvent queued) {
        return ((TelemetryEvent) queued.event()).path();
    }

    private void runPool() {
        while (!pool.isEmpty()) {
            pool.poll().run();
        }
    }

    @Test
    void should_hand_over_events_that_queued_up_as_one_batch_in_order() {
        HandlerLane lane = lane((id, events) -> batches.add(events.stream().map(HandlerLaneTest::path).toList()));
        List<Exception> outcomes = new ArrayList<>();
        for (String path : List.of("/a", "/b", "/c")) {
            lane.deliver(new HandlerLane.Delivery(event(path), outcomes::add));
        }
        runPool();

        assertThat(batches).containsExactly(List.of("/a", "/b", "/c"));
        assertThat(outcomes).hasSize(3).containsOnlyNulls();
    }

    @Test
    void should_keep_other_work_between_batches_in_submission_order() {
        HandlerLane lane = lane((id, events) -> order.add("batch " + events.stream().map(HandlerLaneTest::path).toList()));
        lane.deliver(new HandlerLane.Delivery(event("/a"), error -> { }));
        lane.execute(() -> order.add("route change"));
        lane.deliver(new HandlerLane.Delivery(event("/b"), error -> { }));
        lane.deliver(new HandlerLane.Delivery(event("/c"), error -> { }));
        runPool();

        assertThat(order).containsExactly("batch [/a]", "route change", "batch [/b, /c]");
    }

    @Test
    void should_report_a_failed_batch_to_every_delivery_in_it() {
        IllegalStateException storeDown = new IllegalStateException("store down");
        HandlerLane lane = lane((id, events) -> {
            throw storeDown;
        });
        List<Exception> outcomes = new ArrayList<>();
        lane.deliver(new HandlerLane.Delivery(event("/a"), outcomes::add));
        lane.deliver(new HandlerLane.Delivery(event("/b"), outcomes::add));
        runPool();

        assertThat(outcomes).containsExactly(storeDown, storeDown);
    }

    @Test
    void should_cap_a_batch() {
        HandlerLane lane = lane((id, events) -> batches.add(events.stream().map(HandlerLaneTest::path).toList()));
        for (int i = 0; i < HandlerLane.MAX_BATCH + 1; i++) {
            lane.deliver(new HandlerLane.Delivery(event("/" + i), error -> { }));
        }
        runPool();

        assertThat(batches).hasSize(2);
        assertThat(batches.get(0)).hasSize(HandlerLane.MAX_BATCH);
        assertThat(batches.get(1)).containsExactly("/" + HandlerLane.MAX_BATCH);
    }
}
