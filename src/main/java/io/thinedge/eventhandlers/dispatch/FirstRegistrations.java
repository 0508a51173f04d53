package io.thinedge.eventhandlers.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;

import io.thinedge.eventhandlers.event.DeviceEvent;
import io.thinedge.eventhandlers.event.Event;
import io.thinedge.eventhandlers.event.TelemetryEvent;
import io.thinedge.eventhandlers.ingest.Announcements;
import io.thinedge.eventhandlers.ingest.LifecycleEvents;
import io.thinedge.eventhandlers.store.Announcement;
import io.thinedge.eventhandlers.store.KnownChildren;

/**
 * Raises Coiote's {@code deviceFirstRegistration} lifecycle event the first time a child device
 * shows up (an event or a measurement), ahead of that first event. Children are remembered across
 * restarts in {@link KnownChildren}, scope {@value #SCOPE}. A child not yet announced as created
 * (by its registration, see {@code EntityRegistrations}) is announced as {@code deviceCreated}
 * first, in the scope shared with the registrations, so a child is created once either way.
 * The child is recorded as known once the exchange dispatched these events ({@link Announcements}):
 * a failed dispatch or a crash before leaves it unknown, and the message's redelivery raises them again.
 */
public final class FirstRegistrations {

    public static final String SCOPE = "registration";
    public static final String EVENT_TYPE = LifecycleEvents.DEVICE_FIRST_REGISTRATION;

    private final KnownChildren knownChildren;

    public FirstRegistrations(KnownChildren knownChildren) {
        this.knownChildren = knownChildren;
    }

    /**
     * The split of {@code routes/dispatch.camel.yaml} for a new child's first event
     * ({@link FirstEventOfNewChild}): its {@code deviceCreated} / {@code deviceFirstRegistration}
     * events, then the event itself (alone when another event of the child announces it already).
     */
    public List<Event> eventsOf(Exchange exchange) throws InvalidPayloadException {
        Event event = exchange.getMessage().getMandatoryBody(Event.class);
        return Announcements.raise(exchange, announcements -> precede(event, announcements));
    }

    /**
     * The events to dispatch for {@code event}: a registration first when it comes from a new child;
     * adds to {@code announcements} what to settle once they are dispatched.
     */
    public List<Event> precede(Event event, List<Announcement> announcements) {
        if (!isChildsOwn(event)) {
            return List.of(event);
        }
        Announcement created = knownChildren.announce(LifecycleEvents.CREATED_SCOPE, event.deviceId());
        if (created != null) {
            announcements.add(created);
        }
        Announcement firstSeen = knownChildren.announce(SCOPE, event.deviceId());
        if (created == null && firstSeen == null) {
            return List.of(event);
        }
        List<Event> events = new ArrayList<>(3);
        if (created != null) {
            events.add(announcement(event, LifecycleEvents.DEVICE_CREATED, "Device " + event.deviceId() + " created"));
        }
        if (firstSeen != null) {
            announcements.add(firstSeen);
            events.add(announcement(event, EVENT_TYPE, "Device " + event.deviceId() + " seen for the first time"));
        }
        events.add(event);
        return events;
    }

    /** An event a child device raised itself: the forwarder's own lifecycle events come from registrations and commands. */
    static boolean isChildsOwn(Event event) {
        boolean child = event instanceof DeviceEvent device ? device.childDevice()
                : event instanceof TelemetryEvent telemetry && telemetry.childDevice();
        return child && !LifecycleEvents.isLifecycle(event.eventType());
    }

    private static DeviceEvent announcement(Event event, String type, String text) {
        String time = event instanceof DeviceEvent device ? device.time() : ((TelemetryEvent) event).time();
        String topic = event instanceof DeviceEvent device ? device.sourceTopic() : ((TelemetryEvent) event).sourceTopic();
        return new DeviceEvent(event.deviceId(), true, event.domain(), type, text, time, event.timestampMillis(),
                Map.of(), topic);
    }
}
