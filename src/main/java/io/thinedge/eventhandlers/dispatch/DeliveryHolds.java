package io.thinedge.eventhandlers.dispatch;

import java.util.function.Consumer;

import org.apache.camel.Exchange;

/**
 * The deliveries that one exchange's {@code recipientList} put on handler queues, until each has
 * its outcome ({@link AwaitHandlerQueues}). The queues' producers take a hold and complete at once;
 * the handler's lane releases the hold once the event was delivered or kept as a dead letter, with
 * the error when its outcome could not be recorded.
 */
final class DeliveryHolds {

    /** The exchange property that carries the holds to the recipientList's copies of the exchange. */
    static final String PROPERTY = "TedgeDeliveryHolds";

    /** The recipientList itself counts as one until it returned. */
    private int open = 1;
    private Exception failure;
    private Consumer<Exception> whenReleased;
    private boolean releasedAtClose;

    static DeliveryHolds of(Exchange exchange) {
        return exchange.getProperty(PROPERTY, DeliveryHolds.class);
    }

    synchronized void take() {
        open++;
    }

    /** One delivery has its outcome; null when it was recorded. */
    void release(Exception error) {
        Consumer<Exception> then;
        synchronized (this) {
            if (error != null && failure == null) {
                failure = error;
            }
            if (--open > 0) {
                return;
            }
            then = whenReleased;
        }
        then.accept(failure);
    }

    /**
     * The recipientList returned. True when every delivery had its outcome already; otherwise
     * {@code whenReleased} gets the first error (or null) once the last one has.
     */
    synchronized boolean close(Consumer<Exception> whenReleased) {
        if (--open == 0) {
            releasedAtClose = true;
            return true;
        }
        this.whenReleased = whenReleased;
        return false;
    }

    synchronized boolean releasedAtClose() {
        return releasedAtClose;
    }

    synchronized Exception failure() {
        return failure;
    }
}
