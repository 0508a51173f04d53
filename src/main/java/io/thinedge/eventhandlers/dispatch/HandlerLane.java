package io.thinedge.eventhandlers.dispatch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one handler's work (deliveries, route changes) one task at a time, in submission order, on
 * a shared pool: a handler sees events in arrival order, and a slow handler only queues its own work.
 * A lane holds a pool thread while it has work, and when other lanes wait for one, only for one
 * turn (one batch or one task) before it queues up again behind them: the few threads of the pool
 * ({@link LanePool}) take turns fairly among many lanes, and the events that queue up meanwhile go
 * out as one batch.
 */
final class HandlerLane implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(HandlerLane.class);

    /** The most events handed to a handler at once: bounds a batch's memory and its wait. */
    static final int MAX_BATCH = 500;

    /** One event for this lane's handler, and what to do once its outcome is recorded (null: fine). */
    record Delivery(QueuedEvent queued, Consumer<Exception> done) {
    }

    /** Delivers the events of consecutive deliveries in one go, in order; throws when none could be recorded. */
    @FunctionalInterface
    interface BatchDelivery {
        void deliver(String handlerId, List<QueuedEvent> events) throws Exception;
    }

    private final String handlerId;
    private final Executor pool;
    private final BatchDelivery batchDelivery;
    /** Runnables (route changes, replay turns) and Deliveries, in submission order. */
    private final Deque<Object> tasks = new ArrayDeque<>();
    private boolean draining;

    HandlerLane(String handlerId, Executor pool, BatchDelivery batchDelivery) {
        this.handlerId = handlerId;
        this.pool = pool;
        this.batchDelivery = batchDelivery;
    }

    /**
     * Queues one event. Events that queue up while the handler is busy go out together in the next
     * turn: a sink that sends batches (Kafka, webhooks) then waits once for all of them, not once each.
     */
    void deliver(Delivery delivery) {
        submit(delivery);
    }

    @Override
    public void execute(Runnable task) {
        submit(task);
    }

    private void submit(Object task) {
        synchronized (this) {
            tasks.add(task);
            if (draining) {
                return;
            }
            draining = true;
        }
        pool.execute(this::drain);
    }

    synchronized int pending() {
        return tasks.size();
    }

    /**
     * Turns: the next task, or the deliveries waiting next as one batch, while work is left. When
     * other lanes wait for a thread of the pool, the lane queues behind them after its turn instead.
     */
    private void drain() {
        while (true) {
            Object next;
            List<Delivery> batch = new ArrayList<>();
            synchronized (this) {
                next = tasks.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
                if (next instanceof Delivery first) {
                    batch.add(first);
                    while (batch.size() < MAX_BATCH && tasks.peek() instanceof Delivery following) {
                        batch.add(following);
                        tasks.poll();
                    }
                }
            }
            // run and deliver catch what their work throws: the lane always gets to its next turn
            if (batch.isEmpty()) {
                run((Runnable) next);
            } else {
                deliver(batch);
            }
            if (othersWaiting()) {
                nextTurn();
                return;
            }
        }
    }

    /**
     * Lanes wait for a thread: give this one back. Otherwise the lane keeps it, which spares a
     * hand-over per batch: going through the pool's queue after every batch cut the 1-handler bench
     * row from 18.4k to 10.2k events/s (make bench, 2026-12-07).
     */
    private boolean othersWaiting() {
        return pool instanceof LanePool lanes && lanes.othersWaiting();
    }

    /** Behind the lanes that waited meanwhile, if work is left; the lane stays draining until it has none. */
    private void nextTurn() {
        synchronized (this) {
            if (tasks.isEmpty()) {
                draining = false;
                return;
            }
        }
        pool.execute(this::drain);
    }

    private void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("Work of event handler {} failed unexpectedly", handlerId, e);
        }
    }

    private void deliver(List<Delivery> batch) {
        Exception failure = null;
        try {
            batchDelivery.deliver(handlerId, batch.stream().map(Delivery::queued).toList());
        } catch (Exception e) {
            failure = e;
        }
        for (Delivery delivery : batch) {
            try {
                delivery.done().accept(failure);
            } catch (RuntimeException e) {
                LOG.error("Completion of a delivery to event handler {} failed", handlerId, e);
            }
        }
    }
}
