package io.thinedge.eventhandlers.dispatch;

import java.time.Duration;
import java.util.Optional;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.apache.camel.spi.Registry;

import io.thinedge.eventhandlers.handler.HandlerStatus;

/**
 * One resilience4j circuit breaker per handler, the single source of truth of the 5-failure rule
 * (SPEC §6): a count-based window of 5 calls, at least 5 calls, opening at a 100% failure rate
 * (5 consecutive failures), never half-opening by itself. Each is bound in Camel's registry as
 * {@code handler-breaker-<id>}, where the {@code circuitBreaker} EIP of the handler's route (the
 * {@code tedge-handler} template) finds it; when it is open after a failed delivery,
 * {@link HandlerOutcomes} marks the handler failed. A breaker outlives its route (a route is rebuilt when its handler changes),
 * and is closed again when the handler becomes active again (a successful test, an operator's
 * {@code enabled:true}). It also follows the store ({@link #followingTheStore}): a handler failed
 * before a restart, or on another instance sharing the store, has an open breaker here too.
 */
public final class HandlerBreakers {

    /** Consecutive failures that fail a handler (SPEC §6), also the breaker's window. */
    public static final int FAILURE_THRESHOLD = 5;
    private static final String BEAN_PREFIX = "handler-breaker-";

    private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(FAILURE_THRESHOLD)
            .minimumNumberOfCalls(FAILURE_THRESHOLD)
            .failureRateThreshold(100f)
            .automaticTransitionFromOpenToHalfOpenEnabled(false)
            .waitDurationInOpenState(Duration.ofDays(365 * 100))
            .build());
    private final Registry registry;

    public HandlerBreakers(Registry registry) {
        this.registry = registry;
    }

    /** The handler's breaker, created and bound on first use. */
    public synchronized CircuitBreaker of(String handlerId) {
        Optional<CircuitBreaker> existing = breakers.find(handlerId);
        if (existing.isPresent()) {
            return existing.get();
        }
        CircuitBreaker breaker = breakers.circuitBreaker(handlerId);
        registry.bind(beanName(handlerId), CircuitBreaker.class, breaker);
        return breaker;
    }

    public static String beanName(String handlerId) {
        return BEAN_PREFIX + handlerId;
    }

    /** True while the handler's breaker is open. */
    public boolean isOpen(String handlerId) {
        return breakers.find(handlerId).map(breaker -> breaker.getState() == CircuitBreaker.State.OPEN).orElse(false);
    }

    /** Opens the breaker whatever its own count says (the count of instances sharing the store reached 5). */
    public void open(String handlerId) {
        CircuitBreaker breaker = of(handlerId);
        if (breaker.getState() != CircuitBreaker.State.OPEN) {
            breaker.transitionToOpenState();
        }
    }

    /**
     * Opens the breaker of each handler the store holds as failed, at start and at every change
     * heard (this instance's or another's): a fresh breaker is closed, so without this a handler
     * failed before a restart showed breaker state 0 while the store said failed.
     */
    public HandlerRuntimes.Listener followingTheStore() {
        return (before, after) -> {
            if (after != null && after.state().status() == HandlerStatus.FAILED) {
                open(after.id());
            }
        };
    }

    /** Closes the breaker with a clean count: the handler is active again. */
    public void reset(String handlerId) {
        breakers.find(handlerId).ifPresent(CircuitBreaker::reset);
    }

    /** The handler was deleted. */
    public synchronized void remove(String handlerId) {
        breakers.remove(handlerId);
        registry.unbind(beanName(handlerId));
    }
}
