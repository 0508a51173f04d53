package io.thinedge.eventhandlers.handler;

import java.time.Instant;

/**
 * The runtime state the API reports as read-only fields and the circuit breaker updates.
 *
 * @param lastError     the message of the last failed delivery, or null
 * @param lastSuccessAt the last successful delivery, or null
 */
public record HandlerState(HandlerStatus status, int consecutiveFailures, String lastError, Instant lastSuccessAt) {

    public static HandlerState initial(boolean enabled) {
        return new HandlerState(enabled ? HandlerStatus.ACTIVE : HandlerStatus.DISABLED, 0, null, null);
    }
}
