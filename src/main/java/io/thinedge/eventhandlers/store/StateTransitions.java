package io.thinedge.eventhandlers.store;

import java.time.Instant;
import java.util.Optional;

import io.thinedge.eventhandlers.handler.HandlerState;
import io.thinedge.eventhandlers.handler.HandlerStatus;

/** How deliveries, tests and operators change a handler's runtime state; pure functions. */
final class StateTransitions {

    private StateTransitions() {
    }

    /** A failure is counted; whether the handler fails is its breaker's decision ({@link #failed}). */
    static HandlerState failure(HandlerState state, String error) {
        return new HandlerState(state.status(), state.consecutiveFailures() + 1, error, state.lastSuccessAt());
    }

    /** The breaker opened: an active handler fails (and is switched off); any other status stays. */
    static HandlerState failed(HandlerState state) {
        return state.status() == HandlerStatus.ACTIVE
                ? new HandlerState(HandlerStatus.FAILED, state.consecutiveFailures(), state.lastError(), state.lastSuccessAt())
                : state;
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
     * reset); {@code enabled:false} disables an active one and leaves a failed one failed (GET shows
     * a failed handler as {@code enabled:false}, so a GET-PUT round trip says so without meaning to
     * switch it off: that is {@link #disabled}); no {@code enabled} leaves the state as it is.
     */
    static HandlerState edited(HandlerState state, Optional<Boolean> requested) {
        if (requested.isEmpty()) {
            return state;
        }
        if (requested.get()) {
            return state.status() == HandlerStatus.ACTIVE ? state
                    : new HandlerState(HandlerStatus.ACTIVE, 0, state.lastError(), state.lastSuccessAt());
        }
        return state.status() == HandlerStatus.ACTIVE
                ? new HandlerState(HandlerStatus.DISABLED, state.consecutiveFailures(), state.lastError(), state.lastSuccessAt())
                : state;
    }

    /** An operator's explicit disable ({@code POST …/{id}/disable}): a failed handler too is disabled, and no re-test enables it. */
    static HandlerState disabled(HandlerState state) {
        return state.status() == HandlerStatus.DISABLED ? state
                : new HandlerState(HandlerStatus.DISABLED, state.consecutiveFailures(), state.lastError(), state.lastSuccessAt());
    }
}
