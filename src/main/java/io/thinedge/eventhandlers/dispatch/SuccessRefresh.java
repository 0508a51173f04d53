package io.thinedge.eventhandlers.dispatch;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.thinedge.eventhandlers.handler.SafeErrorText;
import io.thinedge.eventhandlers.store.HandlerStore;

/**
 * The periodic refresh of the handlers' {@code lastSuccessAt}: written for all handlers together,
 * in one transaction a second, off the handlers' lanes. It was one transaction per handler a
 * second, on the lane: with 100 Kafka handlers each getting a slice of the stream, those took 14%
 * of the forwarder's CPU (async-profiler, make bench, hundred row, 2026-12-07).
 *
 * <p>Only a refresh waits here. A success that resets the count of failures (a route's first, the
 * first after a failure) is still written at once ({@link HandlerOutcomes}). A failure of the
 * handler drops its waiting refresh before the failure is written ({@link #beforeFailure}): a
 * success written after the failure would reset its count.
 */
final class SuccessRefresh extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(SuccessRefresh.class);

    private final CamelContext context;
    private final HandlerStore store;
    private final long intervalMillis;
    /** The latest success of each handler not written yet; guarded by itself. */
    private final Map<String, Instant> waiting = new HashMap<>();
    /** Held while successes or a failure are written, so that none overtakes the other. */
    private final Object writes = new Object();
    private ScheduledExecutorService timer;

    SuccessRefresh(CamelContext context, HandlerStore store, long intervalMillis) {
        this.context = context;
        this.store = store;
        this.intervalMillis = intervalMillis;
    }

    /** The handler delivered at {@code at}: written with the next refresh. */
    void later(String handlerId, Instant at) {
        synchronized (waiting) {
            waiting.put(handlerId, at);
        }
    }

    /** Writes a failure of the handler ({@code write}), with no waiting success of it written after. */
    <T> T beforeFailure(String handlerId, Supplier<T> write) {
        synchronized (writes) {
            synchronized (waiting) {
                waiting.remove(handlerId);
            }
            return write.get();
        }
    }

    /** Writes the waiting successes, all in one transaction. */
    void flush() {
        synchronized (writes) {
            Map<String, Instant> due;
            synchronized (waiting) {
                if (waiting.isEmpty()) {
                    return;
                }
                due = Map.copyOf(waiting);
                waiting.clear();
            }
            try {
                store.recordSuccesses(due);
            } catch (RuntimeException e) {
                // only lastSuccessAt is late: the next delivery of each handler brings it again
                LOG.warn("Last successes of {} event handlers not recorded, the store failed: {}", due.size(), SafeErrorText.of(e));
            }
        }
    }

    @Override
    protected void doStart() {
        timer = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "handler-success-refresh");
        timer.scheduleWithFixedDelay(this::flush, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (timer != null) {
            context.getExecutorServiceManager().shutdown(timer);
        }
        flush();
    }
}
