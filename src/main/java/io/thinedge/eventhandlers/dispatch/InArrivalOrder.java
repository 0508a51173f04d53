package io.thinedge.eventhandlers.dispatch;

import org.apache.camel.util.concurrent.SynchronousExecutorService;

/**
 * The {@code inArrivalOrder} executor of {@code routes/dispatch.camel.yaml}'s {@code recipientList}:
 * runs the "parallel" sends on the caller's thread, one after the other, so every matching handler's
 * queue gets the event at once and in arrival order, before the next MQTT message; the exchange
 * completes when each queue has its outcome.
 */
public final class InArrivalOrder extends SynchronousExecutorService {
}
