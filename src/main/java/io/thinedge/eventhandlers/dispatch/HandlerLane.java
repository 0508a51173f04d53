package io.thinedge.eventhandlers.dispatch;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one handler's work (deliveries, route changes) one task at a time, in submission order, on
 * a shared pool: a handler sees events in arrival order, and a slow handler only queues its own work.
 * A lane holds a pool thread only while it has tasks.
 */
final class HandlerLane implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(HandlerLane.class);

    private final String handlerId;
    private final Executor pool;
    private final Deque<Runnable> tasks = new ArrayDeque<>();
    private boolean draining;

    HandlerLane(String handlerId, Executor pool) {
        this.handlerId = handlerId;
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
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

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = tasks.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                LOG.error("Work of event handler {} failed unexpectedly", handlerId, e);
            }
        }
    }
}
