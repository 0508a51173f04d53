package io.thinedge.eventhandlers.store;

import java.time.Instant;

import io.thinedge.eventhandlers.handler.HandlerState;
import io.thinedge.eventhandlers.handler.HandlerStatus;

/** How deliveries, tests and operators change a handler's runtime state; pure functions. */
final class StateTransitions {

    private StateTransitions() {
    }

    /** A failure is counted; an active handler reaching the threshold fails (and is switched off). */
    static HandlerState failure(HandlerState state, String error, int threshold) {
        int failures = state.consecutiveFailures() + 1;
        HandlerStatus status = state.status() == HandlerStatus.ACTIVE && failures >= threshold
                ? HandlerStatus.FAILED : state.status();
        return new HandlerState(status, failures, error, state.lastSuccessAt());
    }

    /** A delivery succeeded: the count starts again; the status is left alone. */
    static HandlerState success(HandlerState state, Instant at) {
        return new HandlerState(state.status(), 0, state.lastError(), at);
    }

    /** A test succeeded: a failed handler is active again; a handler its operator disabled stays so. */
    static HandlerState reenable(HandlerState state, Instant at) {
        HandlerStatus status = state.status() == HandlerStatus.FAILED ? HandlerStatus.ACTIVE : state.status();
        return new HandlerState(status, 0, state.lastError(), at);
    }

    /**
     * An operator's PUT: {@code enabled:true} makes the handler active (a failed one too, count
     * reset); {@code enabled:false} disables an active one and leaves a failed one failed.
     */
    static HandlerState edited(HandlerState state, boolean enabled) {
        if (enabled) {
            return state.status() == HandlerStatus.ACTIVE ? state
                    : new HandlerState(HandlerStatus.ACTIVE, 0, state.lastError(), state.lastSuccessAt());
        }
        return state.status() == HandlerStatus.ACTIVE
                ? new HandlerState(HandlerStatus.DISABLED, state.consecutiveFailures(), state.lastError(), state.lastSuccessAt())
                : state;
    }
}
