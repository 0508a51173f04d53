package io.thinedge.eventhandlers.dispatch;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.thinedge.eventhandlers.handler.HandlerState;
import io.thinedge.eventhandlers.handler.SafeErrorText;
import io.thinedge.eventhandlers.store.HandlerStore;

/**
 * The {@code handlerOutcomes} bean the {@code tedge-handler} route template calls around each
 * delivery: times it, counts its events as delivered or failed ({@code DeliveryMeters}), and
 * records the outcome in the store (a failure with its error, for {@code consecutiveFailures} and
 * {@code lastError}; a success at most once a second, and always after a failure). Whether the
 * handler fails is its breaker's decision ({@link HandlerBreakers}): a failure that leaves the
 * breaker open marks the handler failed, after the failure itself is recorded.
 */
public final class HandlerOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(HandlerOutcomes.class);
    /** When the delivery started ({@link System#nanoTime()}), for its timer. */
    private static final String STARTED_NANOS = "TedgeDeliveryStarted";
    private static final String HANDLER = "TedgeHandler";
    /** Set once the sink took the delivery: what the handler's queue reads as "delivered". */
    static final String DELIVERED = "TedgeDelivered";
    /** Set on a failed delivery: its {@link DeliveryOutcome}. */
    static final String FAILURE = "TedgeFailure";

    private final Function<String, HandlerRuntime> runtimes;
    private final HandlerBreakers breakers;
    private final HandlerStore store;
    private final Clock clock;

    public HandlerOutcomes(Function<String, HandlerRuntime> runtimes, HandlerBreakers breakers, HandlerStore store,
            Clock clock) {
        this.runtimes = runtimes;
        this.breakers = breakers;
        this.store = store;
        this.clock = clock;
    }

    /** Binds the three steps of the frame: handlerDeliveryStarted, handlerDelivered, handlerDeliveryFailed. */
    void bindTo(org.apache.camel.spi.Registry registry) {
        Processor started = this::started;
        Processor delivered = this::delivered;
        Processor failed = this::failed;
        registry.bind("handlerDeliveryStarted", Processor.class, started);
        registry.bind("handlerDelivered", Processor.class, delivered);
        registry.bind("handlerDeliveryFailed", Processor.class, failed);
    }

    /** The frame set the handler's id ({@value #HANDLER}) just before. */
    public void started(Exchange exchange) {
        exchange.setProperty(STARTED_NANOS, System.nanoTime());
    }

    public void delivered(Exchange exchange) {
        exchange.setProperty(DELIVERED, true);
        HandlerRuntime runtime = runtime(exchange);
        runtime.meters().delivered(events(exchange), exchange.getProperty(STARTED_NANOS, long.class));
        Instant now = clock.instant();
        if (runtime.successToWrite(now.toEpochMilli())) {
            store.recordSuccess(runtime.handler().id(), now);
        }
    }

    public void failed(Exchange exchange) {
        HandlerRuntime runtime = runtime(exchange);
        runtime.meters().failed(events(exchange), exchange.getProperty(STARTED_NANOS, long.class));
        runtime.failed();
        String error = error(exchange);
        exchange.setProperty(FAILURE, DeliveryOutcome.failed(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class), error));
        LOG.warn("Delivery to event handler {} failed: {}", runtime.handler().id(), error);
        HandlerState state = store.recordFailure(runtime.handler().id(), error);
        if (state.consecutiveFailures() >= HandlerBreakers.FAILURE_THRESHOLD) {
            // instances sharing a store count the failures of a handler together (one row, updated
            // atomically): the count reaching 5 opens this instance's breaker too (alone, both agree)
            breakers.open(runtime.handler().id());
        }
        if (breakers.isOpen(runtime.handler().id())) {
            store.markFailed(runtime.handler().id());
        }
    }

    private HandlerRuntime runtime(Exchange exchange) {
        return runtimes.apply(exchange.getProperty(HANDLER, String.class));
    }

    /** The counters count events, not batches. */
    private static int events(Exchange exchange) {
        return exchange.getProperty(HandlerRoutes.EVENTS, 1, Integer.class);
    }

    private static String error(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause instanceof CallNotPermittedException) {
            return "Not sent: the handler's circuit breaker is open after " + HandlerBreakers.FAILURE_THRESHOLD
                    + " consecutive failures";
        }
        return cause == null ? "Delivery failed" : describe(cause);
    }

    /** The failure as the client raised it, safe to log and store ({@link SafeErrorText}). */
    static String describe(Throwable failure) {
        return SafeErrorText.of(failure);
    }
}
