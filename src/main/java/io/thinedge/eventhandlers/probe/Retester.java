package io.thinedge.eventhandlers.probe;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.thinedge.eventhandlers.dispatch.DeliveryOutcome;
import io.thinedge.eventhandlers.dispatch.HandlerRuntimes;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerStatus;
import io.thinedge.eventhandlers.store.HandlerStore;

/**
 * Every {@code handlers.retest-interval} (0 = never): tests each failed handler again with its
 * oldest waiting dead letter, a real event, never a synthetic one (SPEC §6); delivered, the handler
 * is enabled again and the rest replayed, so an unattended gateway recovers by itself. A failed
 * handler with no waiting letter is left to its operator's test. Also reads the store afresh so
 * that changes made by other instances sharing it are picked up.
 */
public final class Retester extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(Retester.class);
    /** How long one probe may take (it waits behind the handler's queue) before a WARN says so. */
    private static final long PROBE_WAIT_MINUTES = 2;

    private final CamelContext context;
    private final Duration interval;
    private final HandlerStore store;
    private final SinkTester tester;
    private final HandlerRuntimes runtimes;
    private ScheduledExecutorService scheduler;
    /** The re-tests started and not finished yet, by handler id. */
    private final Map<String, CompletableFuture<DeliveryOutcome>> running = new ConcurrentHashMap<>();

    public Retester(CamelContext context, Duration interval, HandlerStore store, SinkTester tester,
            HandlerRuntimes runtimes) {
        this.context = context;
        this.interval = interval;
        this.store = store;
        this.tester = tester;
        this.runtimes = runtimes;
    }

    @Override
    protected void doStart() {
        if (interval.isZero()) {
            return;
        }
        scheduler = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "handler-retest");
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::run, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (scheduler != null) {
            context.getExecutorServiceManager().shutdownNow(scheduler);
        }
    }

    /**
     * Starts the re-test of each failed handler on its own lane and does not wait for it: each has
     * its own timeout, so one slow re-test (a receiver that hangs) neither holds back nor cancels
     * the others of the cycle. Waiting for each in turn did: the first to time out ended the cycle.
     * A handler whose re-test of an earlier cycle is still running gets no second one.
     */
    void run() {
        try {
            runtimes.reloadAll();
            for (EventHandler handler : store.all()) {
                if (handler.state().status() == HandlerStatus.FAILED && !running.containsKey(handler.id())) {
                    retest(handler);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Re-test of failed event handlers did not run: {}", e.getMessage());
        }
    }

    private void retest(EventHandler handler) {
        CompletableFuture<DeliveryOutcome> retest;
        try {
            retest = runtimes.retest(handler, tester::probe, () -> tester.reenable(handler));
        } catch (RuntimeException e) {
            LOG.warn("Re-test of failed event handler {} did not start: {}", handler.id(), e.getMessage());
            return;
        }
        running.put(handler.id(), retest);
        retest.whenComplete((outcome, error) -> running.remove(handler.id(), retest));
        retest.copy().orTimeout(PROBE_WAIT_MINUTES, TimeUnit.MINUTES).whenComplete((outcome, error) -> {
            if (error instanceof TimeoutException) {
                LOG.warn("Re-test of failed event handler {} is still running after {} minutes", handler.id(), PROBE_WAIT_MINUTES);
            } else if (error != null) {
                LOG.warn("Re-test of failed event handler {} failed: {}", handler.id(), error.getMessage());
            } else {
                LOG.debug("Re-test of failed event handler {}: {}", handler.id(), outcome == null ? "no waiting letter"
                        : outcome.delivered() ? "delivered" : outcome.error());
            }
        });
    }
}
