package io.thinedge.eventhandlers.probe;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.thinedge.eventhandlers.event.DeviceEvent;
import io.thinedge.eventhandlers.event.Event;
import io.thinedge.eventhandlers.event.TelemetryEvent;
import io.thinedge.eventhandlers.handler.EventFilter;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.sink.HandlerSinks;
import io.thinedge.eventhandlers.sink.Sink;

/**
 * The sample event a handler test sends: built from the filter, from the gateway's device, in the
 * handler's domain. Lifecycle: the first listed type its sink sends ({@link Sink#sends}),
 * {@code deviceCreated} for {@code "*"}, or {@value #CUMULOCITY_SAMPLE} where the sink drops that
 * (smartRest); telemetry: the first listed path with value 0.
 */
public final class SampleEvents {

    public static final String ANY_TYPE_SAMPLE = "deviceCreated";
    /** The sample for {@code "*"} of a sink that drops deviceCreated (smartRest): an event it sends to Cumulocity. */
    public static final String CUMULOCITY_SAMPLE = "tedge_test_event";
    static final String SOURCE = "test";

    private final String deviceId;
    private final Clock clock;
    private final HandlerSinks sinks;

    public SampleEvents(String deviceId, Clock clock, HandlerSinks sinks) {
        this.deviceId = deviceId;
        this.clock = clock;
        this.sinks = sinks;
    }

    public Event forHandler(EventHandler handler) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String time = now.toString();
        if (handler.filter() instanceof EventFilter.Telemetry telemetry) {
            return new TelemetryEvent(deviceId, false, handler.domain(), telemetry.lwm2mUrls().get(0), BigDecimal.ZERO,
                    time, now.toEpochMilli(), SOURCE);
        }
        return new DeviceEvent(deviceId, false, handler.domain(), sampleType(handler), "Test event from tedge-event-handlers",
                time, now.toEpochMilli(), Map.of(), SOURCE);
    }

    /**
     * The first listed type that the handler's sink really sends. A smartRest sink drops the
     * lifecycle events the forwarder raises: a deviceCreated sample reached nobody and still
     * answered "delivered" (and re-enabled a failed handler).
     */
    private String sampleType(EventHandler handler) {
        List<String> listed = handler.filter() instanceof EventFilter.Lifecycle lifecycle
                ? lifecycle.eventTypes() : List.of(EventFilter.Lifecycle.ANY);
        Sink sink = sinks.of(handler.type());
        for (String type : listed) {
            if (type.equals(EventFilter.Lifecycle.ANY)) {
                return sink.sends(ANY_TYPE_SAMPLE) ? ANY_TYPE_SAMPLE : CUMULOCITY_SAMPLE;
            }
            if (sink.sends(type)) {
                return type;
            }
        }
        return listed.get(0); // the API refuses such a filter (Sink.validateFilter)
    }
}
