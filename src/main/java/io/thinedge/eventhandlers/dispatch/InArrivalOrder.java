package io.thinedge.eventhandlers.dispatch;

import org.apache.camel.util.concurrent.SynchronousExecutorService;

/**
 * The {@code inArrivalOrder} executor of {@code routes/dispatch.camel.yaml}'s split of a new child's
 * first event: runs the "parallel" parts on the caller's thread, one after the other, so its
 * announcements and the event itself are all queued at once and in this order, before the next MQTT
 * message (a sequential split would queue the event only once its announcements were delivered, and
 * a later event of the child could overtake it); the exchange completes when every part has its outcome.
 */
public final class InArrivalOrder extends SynchronousExecutorService {
}
