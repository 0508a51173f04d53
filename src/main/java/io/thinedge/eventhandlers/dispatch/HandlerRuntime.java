package io.thinedge.eventhandlers.dispatch;

import java.util.Objects;

import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.metrics.DeliveryMeters;
import io.thinedge.eventhandlers.sink.Sink;

/**
 * One handler's built route (consuming {@code handler-queue:<id>}, from the {@code tedge-handler} template)
 * and the bookkeeping that spares the store a write per successful delivery. Used on the
 * handler's lane only.
 */
final class HandlerRuntime {

    /** A success is written at least this often (for {@code lastSuccessAt}), and always after a failure. */
    static final long SUCCESS_WRITE_INTERVAL_MILLIS = 1000;

    private final EventHandler handler;
    private final Sink sink;
    private final DeliveryMeters meters;
    private boolean failedSinceLastSuccess;
    /** Set when the handler was changed, switched off or deleted: the route must not serve it again. */
    private volatile boolean stale;
    private static final long NEVER = Long.MIN_VALUE;
    private long lastSuccessWrite = NEVER;
    /** The consumer of the handler's queue, which runs the route, once the route is added. */
    private volatile HandlerQueueConsumer queue;

    HandlerRuntime(EventHandler handler, Sink sink, DeliveryMeters meters) {
        this.handler = handler;
        this.sink = sink;
        this.meters = meters;
        this.failedSinceLastSuccess = handler.state().consecutiveFailures() > 0;
    }

    EventHandler handler() {
        return handler;
    }

    /** The handler type's sink. */
    Sink sink() {
        return sink;
    }

    DeliveryMeters meters() {
        return meters;
    }

    String routeId() {
        return "handler-" + handler.id();
    }

    String endpointUri() {
        return HandlerQueueComponent.uri(handler.id());
    }

    /** The route is added: deliveries go through its consumer. */
    void routedTo(HandlerQueueConsumer routeQueue) {
        this.queue = routeQueue;
    }

    HandlerQueueConsumer queue() {
        return Objects.requireNonNull(queue, () -> "The route of event handler " + handler.id() + " is not added yet");
    }

    /** Same destination and domain: the route and its sink can stay. */
    boolean sameSetup(EventHandler other) {
        return handler.type() == other.type() && handler.domain().equals(other.domain())
                && Objects.equals(handler.connectionConfig(), other.connectionConfig());
    }

    boolean stale() {
        return stale;
    }

    void markStale() {
        stale = true;
    }

    void failed() {
        failedSinceLastSuccess = true;
    }

    /** When a success is written to the store. */
    enum SuccessWrite {
        /** At once: it resets the count of failures (the route's first success, the first after a failure). */
        NOW,
        /** With the next refresh of lastSuccessAt ({@link SuccessRefresh}): the last was written a while ago. */
        WITH_REFRESH,
        /** Not at all: one was written less than {@link #SUCCESS_WRITE_INTERVAL_MILLIS} ago. */
        NOT
    }

    /** When this success must be written to the store; remembers that it was. */
    SuccessWrite successWrite(long nowMillis) {
        if (lastSuccessWrite == NEVER || failedSinceLastSuccess) {
            failedSinceLastSuccess = false;
            lastSuccessWrite = nowMillis;
            return SuccessWrite.NOW;
        }
        if (nowMillis - lastSuccessWrite < SUCCESS_WRITE_INTERVAL_MILLIS) {
            return SuccessWrite.NOT;
        }
        lastSuccessWrite = nowMillis;
        return SuccessWrite.WITH_REFRESH;
    }
}
