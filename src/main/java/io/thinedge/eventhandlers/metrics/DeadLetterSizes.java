package io.thinedge.eventhandlers.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * The number of dead letters per handler for the gauge, read from the store at most once per
 * {@code maxAge} and handler however often Prometheus scrapes.
 */
final class DeadLetterSizes {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterSizes.class);

    private record Reading(long size, long atMillis) {
    }

    private final ToLongFunction<String> count;
    private final long maxAgeMillis;
    private final Clock clock;
    private final Map<String, Reading> readings = new ConcurrentHashMap<>();

    /** @param count reads one handler's count from the store (waiting, or parked letters) */
    DeadLetterSizes(ToLongFunction<String> count, Duration maxAge, Clock clock) {
        this.count = count;
        this.maxAgeMillis = maxAge.toMillis();
        this.clock = clock;
    }

    long size(String handlerId) {
        long now = clock.millis();
        Reading reading = readings.get(handlerId);
        if (reading == null || now - reading.atMillis() >= maxAgeMillis) {
            long size;
            try {
                size = count.applyAsLong(handlerId);
            } catch (RuntimeException e) {
                // the store health check reports the store; the gauge keeps its last value
                LOG.debug("Dead letters of handler {} not counted: {}", handlerId, e.getMessage());
                size = reading == null ? 0 : reading.size();
            }
            reading = new Reading(size, now);
            readings.put(handlerId, reading);
        }
        return reading.size();
    }

    void forget(String handlerId) {
        readings.remove(handlerId);
    }
}
