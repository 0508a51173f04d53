package io.thinedge.eventhandlers.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.event.TelemetryEvent;

/** Handler lanes on a real {@link LanePool}: few threads for many lanes, and none starved by hanging ones. */
class LanePoolTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<LanePool> pools = new ArrayList<>();
    private final CountDownLatch hung = new CountDownLatch(1);

    @AfterEach
    void stop() {
        hung.countDown();
        pools.forEach(pool -> {
            pool.stopGuard();
            pool.executor().shutdownNow();
        });
        timer.shutdownNow();
    }

    private LanePool pool(int size, long checkMillis) {
        LanePool pool = new LanePool(size, Executors.defaultThreadFactory(), timer, checkMillis, 200);
        pools.add(pool);
        return pool;
    }

    private static QueuedEvent event(String path) {
        return QueuedEvent.of(new TelemetryEvent("d", false, "/", path, BigDecimal.ONE, "2026-01-01T00:00:00Z", 0, "tedge/measurements"));
    }

    private static String path(QueuedEvent queued) {
        return ((TelemetryEvent) queued.event()).path();
    }

    @Test
    void should_run_a_hundred_busy_lanes_on_its_few_threads_each_in_order() {
        // a guard slow enough that it cannot add a thread here: the lanes always make progress
        LanePool pool = pool(4, 60_000);
        Set<Thread> used = ConcurrentHashMap.newKeySet();
        Map<String, List<String>> delivered = new ConcurrentHashMap<>();
        CountDownLatch all = new CountDownLatch(100 * 5);
        List<HandlerLane> lanes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            lanes.add(new HandlerLane("h" + i, pool, (id, events) -> {
                used.add(Thread.currentThread());
                // a sink's answer takes a moment: the lane holds its thread meanwhile
                TimeUnit.MILLISECONDS.sleep(2);
                delivered.computeIfAbsent(id, key -> Collections.synchronizedList(new ArrayList<>()))
                        .addAll(events.stream().map(LanePoolTest::path).toList());
            }));
        }
        for (int n = 1; n <= 5; n++) {
            for (HandlerLane lane : lanes) {
                lane.deliver(new HandlerLane.Delivery(event("/" + n), error -> all.countDown()));
            }
        }

        await().atMost(WAIT).until(() -> all.getCount() == 0);
        // a cached pool (before issue 30) started a thread for about every lane
        assertThat(used).hasSizeLessThanOrEqualTo(4);
        assertThat(delivered).hasSize(100);
        delivered.values().forEach(paths -> assertThat(paths).containsExactly("/1", "/2", "/3", "/4", "/5"));
    }

    @Test
    void should_run_one_lanes_turns_one_after_the_other_on_the_thread_left_idle_not_on_a_new_one_each() {
        LanePool pool = pool(8, 60_000);
        Set<Thread> used = ConcurrentHashMap.newKeySet();
        HandlerLane lane = new HandlerLane("one", pool, (id, events) -> used.add(Thread.currentThread()));
        for (int n = 1; n <= 20; n++) {
            CountDownLatch done = new CountDownLatch(1);
            lane.deliver(new HandlerLane.Delivery(event("/" + n), error -> done.countDown()));
            await().atMost(WAIT).until(() -> done.getCount() == 0);
        }

        // the next event may come while the thread is still finishing the previous turn: a second thread then;
        // a thread pool starting core threads while idle ones wait used all 8
        assertThat(used).hasSizeLessThanOrEqualTo(2);
        assertThat(pool.threads()).isLessThanOrEqualTo(2);
    }

    @Test
    void should_keep_delivering_to_other_lanes_while_every_thread_hangs_and_shrink_back_after() {
        LanePool pool = pool(2, 50);
        List<String> hanging = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 3; i++) {
            new HandlerLane("hanging" + i, pool, (id, events) -> {
                hanging.add(id);
                hung.await();
            }).deliver(new HandlerLane.Delivery(event("/h"), error -> { }));
        }
        await().atMost(WAIT).until(() -> hanging.size() >= 2);
        List<String> fast = new CopyOnWriteArrayList<>();
        HandlerLane lane = new HandlerLane("fast", pool, (id, events) -> fast.addAll(events.stream().map(LanePoolTest::path).toList()));
        for (String path : List.of("/1", "/2", "/3")) {
            lane.deliver(new HandlerLane.Delivery(event(path), error -> { }));
        }

        // with only its 2 threads, both hanging, the fast lane would wait for them for good
        await().atMost(WAIT).until(() -> fast.size() == 3);
        assertThat(fast).containsExactly("/1", "/2", "/3");
        await().atMost(WAIT).until(() -> hanging.size() == 3);
        assertThat(pool.threads()).isLessThanOrEqualTo(2 + 3 + 1);

        hung.countDown();
        await().atMost(WAIT).until(() -> pool.threads() <= 2);
    }
}
