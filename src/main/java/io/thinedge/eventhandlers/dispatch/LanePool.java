package io.thinedge.eventhandlers.dispatch;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads the handler lanes ({@link HandlerLane}) run on: a bounded number ({@link #THREADS}) take turns among all
 * lanes (a lane gives its thread back after a batch when others wait), and lanes that find them all
 * busy wait their turn in arrival order, queuing more events meanwhile, which then go out as one batch.
 *
 * <p>Why not a cached pool, which gives every lane that finds no idle thread a new one: a
 * delivery blocks its thread until the sink answered (the circuit breaker runs its steps
 * synchronously, and the Kafka endpoint waits for the acknowledgement), so with 100 Kafka handlers
 * each getting a slice of the stream it ran 100 threads, each sending one record at a time (make
 * bench, row "100 handlers": 166 threads; see docs/performance-log.md, issue 30).
 *
 * <p>A new thread starts only when no thread is idle ({@link TurnQueue}), as in Tomcat's executor. A plain
 * {@link ThreadPoolExecutor} starts a new core thread for every task until it has its core size, idle
 * threads or not: one busy handler then ran its turns on all {@link #THREADS} threads in rotation.
 *
 * <p>A bounded pool alone would let a few hanging sinks (a webhook that does not answer, a Kafka
 * cluster gone) hold every thread and stall all other handlers until their timeouts. So a
 * guard checks every {@code checkMillis}: when lanes wait and no thread finished a turn since the
 * last check, every thread is stuck, and one more thread is added (started for the waiting work by
 * ThreadPoolExecutor's own {@link ThreadPoolExecutor#setCorePoolSize}). Once nothing waits, the pool
 * goes back to its size, the extra threads ending as their stuck lanes finish.
 * Idle threads end after {@code keepAliveMillis}: idle handlers hold no thread.
 */
final class LanePool implements Executor {

    /**
     * Lane threads in turn. A turn mostly waits for the sink's answer, so this is how many handlers
     * may wait at once, not a share of the cores: the more Kafka handlers wait together, the more of
     * their records the shared producer puts in one produce request. make bench, 100 handlers each
     * a hundredth of the stream, BENCH_EVENTS=20000, 2 cores (2026-12-07): 4 threads 3.8k events/s
     * (the bench's Kafka broker 280 µs of CPU per event), 8 5.0k, 16 6.1-6.9k, 32 7.8k (broker 118 µs);
     * RSS peak 211-215 MB with 4, 200 MB with 32, threads peak 97. 100 threads were no faster than 32
     * (9.0-9.5k events/s either, BENCH_EVENTS=40000): the two cores were busy. Idle threads end.
     */
    static final int THREADS = 32;
    static final long CHECK_MILLIS = 100;
    /** An idle thread ends after this long: idle handlers hold none. */
    static final long KEEP_ALIVE_MILLIS = 10_000;

    private final int size;
    private final ThreadPoolExecutor threads;
    /** Turns handed to the pool and not finished yet, waiting or running. */
    private final AtomicInteger unfinished = new AtomicInteger();
    private final ScheduledFuture<?> guard;
    /** Turns finished at the last check (only the guard's thread reads and writes it). */
    private long finishedAtLastCheck;

    /**
     * @param guardTimer runs the guard's check; not shut down here
     */
    LanePool(int size, ThreadFactory threadFactory, ScheduledExecutorService guardTimer, long checkMillis, long keepAliveMillis) {
        this.size = size;
        TurnQueue queue = new TurnQueue();
        // no core threads: every thread is started by the queue's refusal (or the guard) and ends when idle
        this.threads = new ThreadPoolExecutor(0, size, keepAliveMillis, TimeUnit.MILLISECONDS, queue, threadFactory,
                (turn, pool) -> queue.waitForAThread(turn, pool)) {
            @Override
            protected void afterExecute(Runnable turn, Throwable failure) {
                unfinished.decrementAndGet();
            }
        };
        threads.allowCoreThreadTimeOut(true);
        this.guard = guardTimer.scheduleWithFixedDelay(this::check, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void execute(Runnable turn) {
        unfinished.incrementAndGet();
        try {
            threads.execute(turn);
        } catch (RejectedExecutionException e) {
            unfinished.decrementAndGet();
            throw e;
        }
    }

    /** Adds a thread when work waits and every thread is stuck; back to the size once nothing waits. */
    void check() {
        long finished = threads.getCompletedTaskCount();
        boolean waiting = othersWaiting();
        int most = threads.getMaximumPoolSize();
        if (waiting && finished == finishedAtLastCheck) {
            // one more than are alive: threads stuck past an earlier shrink may still outnumber the maximum
            int more = Math.max(most, threads.getPoolSize()) + 1;
            threads.setMaximumPoolSize(more);
            threads.setCorePoolSize(more);
        } else if (!waiting && most > size) {
            threads.setCorePoolSize(0);
            threads.setMaximumPoolSize(size);
        }
        finishedAtLastCheck = finished;
    }

    /** Lanes wait for a thread now. */
    boolean othersWaiting() {
        return !threads.getQueue().isEmpty();
    }

    /** Threads alive now, running or idle. */
    int threads() {
        return threads.getPoolSize();
    }

    /** Stops the guard; the threads are the caller's to shut down ({@link #executor}). */
    void stopGuard() {
        guard.cancel(false);
    }

    ExecutorService executor() {
        return threads;
    }

    /**
     * Takes a turn when a thread is idle to run it, or when the pool has all its threads; refuses it
     * otherwise, so that the pool starts a thread for it.
     */
    private final class TurnQueue extends LinkedBlockingQueue<Runnable> {

        @Override
        public boolean offer(Runnable turn) {
            // getPoolSize() takes the pool's main lock: read once per hand-over
            int alive = threads.getPoolSize();
            if (unfinished.get() > alive && alive < threads.getMaximumPoolSize()) {
                return false;
            }
            return super.offer(turn);
        }

        /** The pool could not start a thread (it has them all, or one just ended): the turn waits for one. */
        void waitForAThread(Runnable turn, ThreadPoolExecutor pool) {
            if (pool.isShutdown()) {
                throw new RejectedExecutionException("The handler lanes' threads are shut down");
            }
            super.offer(turn);
        }
    }
}
