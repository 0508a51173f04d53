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
import io.thinedge.eventhandlers.handler.HandlerType;
import io.thinedge.eventhandlers.ingest.LifecycleEvents;

/**
 * The sample event a handler test sends: built from the filter, from the gateway's device, in the
 * handler's domain. Lifecycle: the first listed type ({@code deviceCreated} for {@code "*"}; for a
 * smartRest handler the first its sink sends, {@value #CUMULOCITY_SAMPLE} for {@code "*"});
 * telemetry: the first listed path with value 0.
 */
public final class SampleEvents {

    public static final String ANY_TYPE_SAMPLE = "deviceCreated";
    /** The sample of a smartRest handler for {@code "*"}: an event its sink sends to Cumulocity. */
    public static final String CUMULOCITY_SAMPLE = "tedge_test_event";
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
        return new DeviceEvent(deviceId, false, handler.domain(), sampleType(handler), "Test event from tedge-event-handlers",
                time, now.toEpochMilli(), Map.of(), SOURCE);
    }

    /**
     * The first listed type that the handler's sink really sends. A smartRest sink drops the
     * lifecycle events the forwarder raises: a deviceCreated sample reached nobody and still
     * answered "delivered" (and re-enabled a failed handler).
     */
    private static String sampleType(EventHandler handler) {
        List<String> listed = handler.filter() instanceof EventFilter.Lifecycle lifecycle
                ? lifecycle.eventTypes() : List.of(EventFilter.Lifecycle.ANY);
        boolean cumulocity = handler.type() == HandlerType.SMARTREST;
        for (String type : listed) {
            if (type.equals(EventFilter.Lifecycle.ANY)) {
                return cumulocity ? CUMULOCITY_SAMPLE : ANY_TYPE_SAMPLE;
            }
            if (!cumulocity || !LifecycleEvents.isRaisedByForwarder(type)) {
                return type;
            }
        }
        return listed.get(0); // the API refuses such a smartRest filter (api.SmartRestFilters)
    }
}
