package io.thinedge.eventhandlers.dispatch;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import io.thinedge.eventhandlers.event.DeviceEvent;
import io.thinedge.eventhandlers.event.Event;
import io.thinedge.eventhandlers.event.TelemetryEvent;
import io.thinedge.eventhandlers.handler.EventFilter;
import io.thinedge.eventhandlers.handler.EventHandler;

/**
 * The sample event a handler test sends: built from the filter, from the gateway's device, in the
 * handler's domain. Lifecycle: the first listed type ({@code deviceCreated} for {@code "*"});
 * telemetry: the first listed path with value 0.
 */
public final class SampleEvents {

    public static final String ANY_TYPE_SAMPLE = "deviceCreated";
    static final String SOURCE = "test";

    private final String deviceId;
    private final Clock clock;

    public SampleEvents(String deviceId, Clock clock) {
        this.deviceId = deviceId;
        this.clock = clock;
    }

    public Event forHandler(EventHandler handler) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String time = now.toString();
        if (handler.filter() instanceof EventFilter.Telemetry telemetry) {
            return new TelemetryEvent(deviceId, false, handler.domain(), telemetry.lwm2mUrls().get(0), BigDecimal.ZERO,
                    time, now.toEpochMilli(), SOURCE);
        }
        String type = handler.filter() instanceof EventFilter.Lifecycle lifecycle
                ? lifecycle.eventTypes().get(0) : ANY_TYPE_SAMPLE;
        if (type.equals(EventFilter.Lifecycle.ANY)) {
            type = ANY_TYPE_SAMPLE;
        }
        return new DeviceEvent(deviceId, false, handler.domain(), type, "Test event from tedge-event-handlers", time,
                now.toEpochMilli(), Map.of(), SOURCE);
    }
}
