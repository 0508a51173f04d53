package io.thinedge.eventhandlers.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;

/**
 * Events the forwarder drops on purpose, counted by reason ({@code tedge_events_dropped_total{reason}})
 * and logged as a WARN (an ERROR for an event that was to be kept) per handler and reason at most every {@value #WARN_EVERY_MILLIS} ms, naming
 * how many went since the last line: a stream of drops must not become a stream of log lines.
 */
public final class DroppedEvents {

    /** A QoS 0 event that found its handler's queue full. */
    public static final String HANDLER_QUEUE_FULL = "handler-queue-full";
    /** An event a handler had to keep as a dead letter when the store could not write it. */
    public static final String STORE_UNWRITABLE = "store-unwritable";
    /** An MQTT message whose exchange failed outside the handlers on every attempt. */
    public static final String FAILED_EXCHANGE = "failed-exchange";

    static final String METER = "tedge.events.dropped";
    private static final Logger LOG = LoggerFactory.getLogger(DroppedEvents.class);
    private static final long WARN_EVERY_MILLIS = 10_000;

    /** The drops of one handler for one reason since its last WARN. */
    private static final class Window {
        long lastWarnMillis;
        long unreported;
    }

    private final CamelContext context;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public DroppedEvents(CamelContext context) {
        this.context = context;
    }

    /** One event of {@code handlerId} dropped for {@code reason}; {@code why} is said in the WARN. */
    public void dropped(String reason, String handlerId, String why) {
        count(reason, handlerId, why, false);
    }

    /** One event of {@code handlerId} lost for {@code reason} although it was to be kept: an ERROR. */
    public void lost(String reason, String handlerId, String why) {
        count(reason, handlerId, why, true);
    }

    private void count(String reason, String handlerId, String why, boolean error) {
        counters.computeIfAbsent(reason, key -> Counter.builder(METER).tag("reason", key)
                .description("Events dropped on purpose, by reason").register(Meters.registryOrNoop(context)))
                .increment();
        Window window = windows.computeIfAbsent(reason + '\u0000' + handlerId, key -> new Window());
        long now = System.currentTimeMillis();
        long dropped;
        synchronized (window) {
            window.unreported++;
            if (window.lastWarnMillis != 0 && now - window.lastWarnMillis < WARN_EVERY_MILLIS) {
                return;
            }
            window.lastWarnMillis = now;
            dropped = window.unreported;
            window.unreported = 0;
        }
        if (error) {
            LOG.error("Event handler {} dropped {} event(s) ({}): {}", handlerId, dropped, reason, why);
        } else {
            LOG.warn("Event handler {} dropped {} event(s) ({}): {}", handlerId, dropped, reason, why);
        }
    }
}
