package io.thinedge.eventhandlers.dispatch;

import java.util.Set;

import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

import io.thinedge.eventhandlers.sink.smartrest.MessageTooLargeException;

/**
 * Tells a delivery the receiver will never take (SPEC §6) from one that may go through later:
 * an HTTP 4xx other than 408, 425 and 429, a Kafka record too large or that cannot be serialised,
 * a SmartREST event too large for MQTT with no tenant URL. Such an event is parked, not replayed
 * automatically, so it never blocks the events behind it. Anything else (5xx, timeouts, refused
 * connections, Kafka unavailable, an open breaker) is transient.
 */
final class PermanentRejections {

    /** 4xx answers that say "not now" rather than "never": timeout, too early, too many requests. */
    private static final Set<Integer> RETRYABLE_4XX = Set.of(408, 425, 429);

    private PermanentRejections() {
    }

    static boolean isPermanent(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof HttpOperationFailedException http) {
                int status = http.getStatusCode();
                return status >= 400 && status < 500 && !RETRYABLE_4XX.contains(status);
            }
            if (cause instanceof RecordTooLargeException || cause instanceof SerializationException
                    || cause instanceof MessageTooLargeException) {
                return true;
            }
        }
        return false;
    }
}
