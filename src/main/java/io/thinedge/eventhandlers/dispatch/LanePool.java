package io.thinedge.eventhandlers.dispatch;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

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
 * <p>A bounded pool alone would let a few hanging sinks (a webhook that does not answer, a Kafka
 * cluster gone) hold every thread and stall all other handlers until their timeouts. So a
 * guard checks every {@code checkMillis}: when lanes wait and no thread finished a turn since the
 * last check, every thread is stuck, and one more thread is added (ThreadPoolExecutor's own
 * {@link ThreadPoolExecutor#setCorePoolSize}, which starts it for the waiting work). Once nothing
 * waits, the pool goes back to its size, the extra threads ending as their stuck lanes finish.
 * Idle threads end after {@code keepAliveMillis}: idle handlers hold no thread.
 */
final class LanePool implements Executor {

    /**
     * Lane threads in turn. A turn mostly waits for the sink's answer, so this is how many handlers
     * may wait at once, not a share of the cores: the more Kafka handlers wait together, the more of
     * their records the shared producer puts in one produce request. make bench, 100 handlers each
     * a hundredth of the stream, BENCH_EVENTS=20000, 2 cores (2026-12-07): 4 threads 3.8k events/s
     * (the bench's Kafka broker 280 µs of CPU per event), 8 5.0k, 16 6.1-6.9k, 32 7.8k (broker 118 µs);
     * RSS peak 211-215 MB with 4, 200 MB with 32, threads peak 97. Idle threads end, so few handlers use few.
     */
    static final int THREADS = 32;
    static final long CHECK_MILLIS = 100;
    /** An idle thread ends after this long: idle handlers hold none. */
    static final long KEEP_ALIVE_MILLIS = 10_000;

    private final int size;
    private final ThreadPoolExecutor threads;
    private final ScheduledFuture<?> guard;
    /** Turns finished at the last check (only the guard's thread reads and writes it). */
    private long finishedAtLastCheck;

    /**
     * @param guardTimer runs the guard's check; not shut down here
     */
    LanePool(int size, ThreadFactory threadFactory, ScheduledExecutorService guardTimer, long checkMillis, long keepAliveMillis) {
        this.size = size;
        // an unbounded queue: the pool never starts a thread beyond its core size by itself, the guard does
        this.threads = new ThreadPoolExecutor(size, Integer.MAX_VALUE, keepAliveMillis, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), threadFactory);
        threads.allowCoreThreadTimeOut(true);
        this.guard = guardTimer.scheduleWithFixedDelay(this::check, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void execute(Runnable turn) {
        threads.execute(turn);
    }

    /** Adds a thread when work waits and every thread is stuck; back to the size once nothing waits. */
    void check() {
        long finished = threads.getCompletedTaskCount();
        boolean waiting = othersWaiting();
        int current = threads.getCorePoolSize();
        if (waiting && finished == finishedAtLastCheck) {
            threads.setCorePoolSize(current + 1);
        } else if (!waiting && current > size) {
            threads.setCorePoolSize(size);
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
}
