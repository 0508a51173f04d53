package io.thinedge.eventhandlers.dispatch;

import java.time.Clock;
import java.time.Instant;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.thinedge.eventhandlers.handler.HandlerState;
import io.thinedge.eventhandlers.handler.SafeErrorText;
import io.thinedge.eventhandlers.store.HandlerStore;

/**
 * What the queue of a handler ({@link HandlerQueueConsumer}) does with each delivery's outcome:
 * counts its events as delivered or failed ({@code DeliveryMeters}, timed), and records it in the
 * store (a failure with its error, for {@code consecutiveFailures} and {@code lastError}; a success
 * at once when it resets the count of failures, else at most once a second with the other handlers'
 * ({@link SuccessRefresh})). The 5-failure rule: a failure that leaves the
 * handler's breaker open, or brings the stored count to 5, marks the handler failed.
 */
final class HandlerOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(HandlerOutcomes.class);

    private final HandlerBreakers breakers;
    private final HandlerStore store;
    private final SuccessRefresh refresh;
    private final Clock clock;

    HandlerOutcomes(HandlerBreakers breakers, HandlerStore store, SuccessRefresh refresh, Clock clock) {
        this.breakers = breakers;
        this.store = store;
        this.refresh = refresh;
        this.clock = clock;
    }

    DeliveryOutcome delivered(HandlerRuntime runtime, int events, long startedNanos) {
        runtime.meters().delivered(events, startedNanos);
        Instant now = clock.instant();
        switch (runtime.successWrite(now.toEpochMilli())) {
            case NOW -> {
                try {
                    store.recordSuccess(runtime.handler().id(), now);
                } catch (RuntimeException e) {
                    // the event went out: a store that cannot write must not hold it back (nor its MQTT message)
                    LOG.warn("Success of event handler {} not recorded, the store failed: {}", runtime.handler().id(),
                            SafeErrorText.of(e));
                }
            }
            case WITH_REFRESH -> refresh.later(runtime.handler().id(), now);
            case NOT -> {
            }
        }
        return DeliveryOutcome.DELIVERED;
    }

    DeliveryOutcome failed(HandlerRuntime runtime, int events, long startedNanos, Throwable cause) {
        runtime.meters().failed(events, startedNanos);
        runtime.failed();
        String id = runtime.handler().id();
        String error = error(cause);
        LOG.warn("Delivery to event handler {} failed: {}", id, error);
        try {
            HandlerState state = refresh.beforeFailure(id, () -> store.recordFailure(id, error));
            if (state.consecutiveFailures() >= HandlerBreakers.FAILURE_THRESHOLD) {
                // the count reaching 5 opens the breaker even when the frame has none; instances sharing
                // a store count the failures of a handler together (one row, updated atomically)
                breakers.open(id);
            }
            if (breakers.isOpen(id)) {
                store.markFailed(id);
            }
        } catch (RuntimeException e) {
            // the breaker still counts in memory; the event is kept as a dead letter if the store can
            LOG.error("Failure of event handler {} not recorded, the store failed: {}", id, SafeErrorText.of(e));
        }
        return DeliveryOutcome.failed(cause, error);
    }

    private static String error(Throwable cause) {
        if (cause instanceof CallNotPermittedException) {
            return "Not sent: the handler's circuit breaker is open after " + HandlerBreakers.FAILURE_THRESHOLD
                    + " consecutive failures";
        }
        return describe(cause);
    }

    /** The failure as the client raised it, safe to log and store ({@link SafeErrorText}). */
    static String describe(Throwable failure) {
        return SafeErrorText.of(failure);
    }
}
