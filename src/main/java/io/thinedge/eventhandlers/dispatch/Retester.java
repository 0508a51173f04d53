package io.thinedge.eventhandlers.dispatch;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerStatus;
import io.thinedge.eventhandlers.handler.HandlerTester;
import io.thinedge.eventhandlers.store.HandlerStore;

/**
 * Every {@code handlers.retest-interval} (0 = never): tests each failed handler again (a success
 * enables it again, so an unattended gateway recovers by itself), and reads the store afresh so
 * that changes made by other instances sharing it are picked up.
 */
public final class Retester extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(Retester.class);

    private final CamelContext context;
    private final Duration interval;
    private final HandlerStore store;
    private final HandlerTester tester;
    private final HandlerRuntimes runtimes;
    private ScheduledExecutorService scheduler;

    public Retester(CamelContext context, Duration interval, HandlerStore store, HandlerTester tester,
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

    void run() {
        try {
            runtimes.reloadAll();
            for (EventHandler handler : store.all()) {
                if (handler.state().status() == HandlerStatus.FAILED) {
                    HandlerTester.TestResult result = tester.testExisting(handler);
                    LOG.debug("Re-test of failed event handler {}: {}", handler.id(), result.message());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Re-test of failed event handlers did not run: {}", e.getMessage());
        }
    }
}
