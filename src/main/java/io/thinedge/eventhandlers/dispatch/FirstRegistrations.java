package io.thinedge.eventhandlers.dispatch;

import java.util.List;
import java.util.Map;

import io.thinedge.eventhandlers.event.DeviceEvent;
import io.thinedge.eventhandlers.event.Event;
import io.thinedge.eventhandlers.event.TelemetryEvent;
import io.thinedge.eventhandlers.store.KnownChildren;

/**
 * Raises Coiote's {@code deviceFirstRegistration} lifecycle event the first time a child device
 * shows up (an event or a measurement), ahead of that first event. Children are remembered across
 * restarts in {@link KnownChildren}, scope {@value #SCOPE}.
 */
public final class FirstRegistrations {

    public static final String SCOPE = "registration";
    public static final String EVENT_TYPE = "deviceFirstRegistration";

    private final KnownChildren knownChildren;

    public FirstRegistrations(KnownChildren knownChildren) {
        this.knownChildren = knownChildren;
    }

    /** The events to dispatch for {@code event}: a registration first when it comes from a new child. */
    public List<Event> precede(Event event) {
        boolean child = event instanceof DeviceEvent device ? device.childDevice()
                : event instanceof TelemetryEvent telemetry && telemetry.childDevice();
        if (!child || !knownChildren.remember(SCOPE, event.deviceId())) {
            return List.of(event);
        }
        String time = event instanceof DeviceEvent device ? device.time() : ((TelemetryEvent) event).time();
        String topic = event instanceof DeviceEvent device ? device.sourceTopic() : ((TelemetryEvent) event).sourceTopic();
        DeviceEvent registration = new DeviceEvent(event.deviceId(), true, event.domain(), EVENT_TYPE,
                "Device " + event.deviceId() + " seen for the first time", time, event.timestampMillis(), Map.of(), topic);
        return List.of(registration, event);
    }
}
