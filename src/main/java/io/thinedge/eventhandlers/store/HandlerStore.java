package io.thinedge.eventhandlers.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerState;

/**
 * Where handlers and their runtime state live (SPEC §6, §8).
 *
 * <p>Kept small on purpose: the embedded database backs it on a gateway, PostgreSQL in a central
 * deployment. Nothing calling it may assume it is the only instance writing.
 */
public interface HandlerStore {

    /**
     * Ids of the forwarder's own built-in outputs start so (the built-in Cumulocity output is
     * {@code builtin-c8y}): they are handlers like the others, with their own breaker, dead letters
     * and metrics, but set from config, hidden from the API and out of the per-domain limit.
     */
    String BUILT_IN_PREFIX = "builtin-";

    /** Every handler of every domain. */
    List<EventHandler> all();

    Optional<EventHandler> find(String id);

    /**
     * Stores a new handler unless its domain already holds {@code maxPerDomain} handlers; the check
     * and the insert are one transaction, so concurrent creates never exceed the limit.
     *
     * @throws HandlerLimitExceededException when the domain is full
     */
    default EventHandler create(EventHandler handler, int maxPerDomain) {
        return create(handler, maxPerDomain, handler.domain(), Integer.MAX_VALUE);
    }

    /**
     * Stores a new handler unless its domain holds {@code maxPerDomain} handlers already, or
     * {@code scope} (the creating token's domain, the handler's or one above it) and every domain
     * below it hold {@code maxInScope} together. Checks and insert are one transaction that locks
     * the scope's row, then the domain's (always from the top down, so creates never wait on each
     * other in a circle): concurrent creates with tokens of one domain never exceed either limit.
     *
     * @throws HandlerLimitExceededException when the domain or the scope is full
     */
    EventHandler create(EventHandler handler, int maxPerDomain, String scope, int maxInScope);

    /**
     * Stores a built-in output (its id starts with {@link #BUILT_IN_PREFIX}) as config describes it
     * now; an existing one keeps its state (failed, failures, last success).
     */
    EventHandler putBuiltIn(EventHandler handler);

    /**
     * Replaces the stored handler with the same id; empty when it is gone. Its state follows
     * {@code enabled} as an operator's PUT asks (active, disabled, or, when empty, the state the
     * same transaction reads); the handler's own {@code enabled} and state are not looked at.
     */
    Optional<EventHandler> update(EventHandler handler, Optional<Boolean> enabled);

    boolean delete(String id);

    /** A delivery succeeded: resets the failure count. */
    HandlerState recordSuccess(String id, Instant at);

    /** Deliveries of several handlers succeeded: {@link #recordSuccess} for each, in one transaction; unknown ids are skipped. */
    void recordSuccesses(Map<String, Instant> latest);

    /** A delivery failed: counts it ({@code consecutiveFailures}) and keeps its error. Returns the new state. */
    HandlerState recordFailure(String id, String error);

    /**
     * The handler's circuit breaker opened: an active handler becomes failed (and disabled); a
     * handler its operator disabled meanwhile stays disabled. Returns the new state.
     */
    HandlerState markFailed(String id);

    /** An operator's explicit disable ({@code POST …/{id}/disable}): disabled whatever its status (a failed one too). */
    HandlerState disable(String id);

    /** A test succeeded: a failed handler becomes active again with its count reset. */
    HandlerState reenable(String id, Instant at);

    /** Called after every change (create, update, delete, state change) with the handler id. */
    void onChange(Consumer<String> listener);
}
