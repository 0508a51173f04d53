package io.thinedge.eventhandlers.sink.webhook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spi.ExecutorServiceManager;

import io.thinedge.eventhandlers.event.Event;

/**
 * The {@code webhookBatches} bean of the {@code tedge-webhook-sink} Kamelet: what its split of a
 * batch (the events that queued up for a handler, one message each) needs besides Camel's own parts.
 * The batch's events grouped by device, in arrival order within each group; the groups go out at once,
 * up to the handler's {@code maxInFlight}, on the split's threads ({@link #THREAD_POOLS}).
 * A failed request fails the whole batch: the requests not sent yet are not sent, and the delivery
 * fails with that request's own failure once the requests in flight are answered.
 */
public final class WebhookBatches {

    /** The exchange property holding the batch's first failure, shared by the exchanges the splits copy. */
    public static final String BATCH_PROPERTY = "TedgeWebhookBatch";

    /** The split's thread pool profiles, {@code webhook-in-flight-<maxInFlight>}: one pool per handler route. */
    public static final String THREAD_POOLS = "webhook-in-flight-";

    /** An idle handler holds no thread: one that sent nothing for this long ends. */
    private static final long IDLE_SECONDS = 10;

    /** One batch's first failure; the object is shared, the exchange properties are copied. */
    private static final class Batch {
        private final AtomicReference<Exception> failure = new AtomicReference<>();
    }

    /**
     * A thread pool profile for each {@code maxInFlight}: the split that references one gets a pool
     * of its own, shut down with the handler's route. Its threads end when idle. The queue holds the
     * groups of the one batch the handler sends at a time (the split waits for all of them), so at
     * most as many as its events: never full.
     */
    public static void registerThreadPools(ExecutorServiceManager executors) {
        for (int size = 1; size <= WebhookConfig.MAX_IN_FLIGHT; size++) {
            executors.registerThreadPoolProfile(new ThreadPoolProfileBuilder(THREAD_POOLS + size)
                    .poolSize(size).maxPoolSize(size).keepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS)
                    .allowCoreThreadTimeOut(true).maxQueueSize(Integer.MAX_VALUE).build());
        }
    }

    /** A new batch: nothing failed yet. */
    public void begin(Exchange exchange) {
        exchange.setProperty(BATCH_PROPERTY, new Batch());
    }

    /**
     * The batch's messages by device, each device's in arrival order (the key Kafka handlers use, so
     * a device's events never overtake each other). With {@code maxInFlight} 1, one group of all of
     * them: every event after the previous one, in arrival order across devices too.
     */
    public List<List<Message>> groups(List<Message> batch, int maxInFlight) {
        if (maxInFlight == 1) {
            return List.of(batch);
        }
        Map<String, List<Message>> byDevice = new LinkedHashMap<>();
        for (Message message : batch) {
            byDevice.computeIfAbsent(message.getBody(Event.class).deviceId(), device -> new ArrayList<>()).add(message);
        }
        return new ArrayList<>(byDevice.values());
    }

    /** False once a request of the batch failed: the batch is kept and replayed whole, the rest need not go. */
    public boolean goesOn(Exchange exchange) {
        return batch(exchange).failure.get() == null;
    }

    /** A request failed: the first failure is the batch's. */
    public void failed(Exchange exchange, Exception failure) {
        batch(exchange).failure.compareAndSet(null, failure);
    }

    /**
     * Fails the exchange with the first request that failed, as a single event's delivery fails (not
     * with a split's wrapper), so the handler's {@code lastError} and dead letters read the same.
     */
    public void outcome(Exchange exchange) throws Exception {
        Exception failure = batch(exchange).failure.get();
        if (failure != null) {
            throw failure;
        }
    }

    private static Batch batch(Exchange exchange) {
        Batch batch = exchange.getProperty(BATCH_PROPERTY, Batch.class);
        if (batch == null) {
            throw new IllegalStateException("No " + BATCH_PROPERTY + ": the Kamelet calls webhookBatches.begin first");
        }
        return batch;
    }
}
