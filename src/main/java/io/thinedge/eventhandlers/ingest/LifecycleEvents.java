package io.thinedge.eventhandlers.ingest;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.thinedge.eventhandlers.event.DeviceEvent;

/**
 * Coiote's device lifecycle events that the forwarder raises from thin-edge's own messages
 * (registrations, their clearing, completed commands). They are events like any other for the
 * handlers, with {@code eventType} one of {@link #TYPES}.
 */
public final class LifecycleEvents {

    public static final String DEVICE_CREATED = "deviceCreated";
    public static final String DEVICE_DELETED = "deviceDeleted";
    public static final String DEVICE_UPDATED_VIA_FOTA = "deviceUpdatedViaFota";
    public static final String DEVICE_UPDATED_VIA_WRITE = "deviceUpdatedViaWrite";
    public static final Set<String> TYPES = Set.of(DEVICE_CREATED, DEVICE_DELETED, DEVICE_UPDATED_VIA_FOTA,
            DEVICE_UPDATED_VIA_WRITE);
    /** Raised before the first event of a child the forwarder had not seen. */
    public static final String DEVICE_FIRST_REGISTRATION = "deviceFirstRegistration";

    /**
     * The {@code KnownChildren} scope of the entities announced as created: shared by the
     * registrations and by the first event of an unknown child, so each is created once.
     */
    public static final String CREATED_SCOPE = "created";

    private LifecycleEvents() {
    }

    /** True for an event the forwarder raised itself about a device's lifecycle. */
    public static boolean isLifecycle(String eventType) {
        return TYPES.contains(eventType);
    }

    /**
     * True for every event the forwarder raises itself (the lifecycle ones and
     * {@code deviceFirstRegistration}): for handlers, never for Cumulocity, whose own mapper
     * already knows of registrations, commands and new children.
     */
    public static boolean isRaisedByForwarder(String eventType) {
        return isLifecycle(eventType) || DEVICE_FIRST_REGISTRATION.equals(eventType);
    }

    /** A lifecycle event of {@code entityId}, happening now. */
    static DeviceEvent event(String type, String entityId, boolean childDevice, String domain, String text,
            Map<String, JsonNode> extras, String sourceTopic, Clock clock) {
        OffsetDateTime now = EventTime.now(clock);
        return new DeviceEvent(entityId, childDevice, domain, type, text, EventTime.format(now),
                now.toInstant().toEpochMilli(), extras, sourceTopic);
    }
}
