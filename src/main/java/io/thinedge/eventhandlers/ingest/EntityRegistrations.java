package io.thinedge.eventhandlers.ingest;

import java.time.Clock;
import java.util.List;
import java.util.Map;


import com.fasterxml.jackson.databind.JsonNode;

import io.thinedge.eventhandlers.event.DeviceEvent;
import io.thinedge.eventhandlers.store.Announcement;
import io.thinedge.eventhandlers.store.KnownChildren;

/**
 * Turns thin-edge's entity registrations ({@code te/device/<child>//},
 * {@code te/device/<device>/service/<name>}, retained) into {@code deviceCreated}, and their
 * clearing (an empty retained message) into {@code deviceDeleted}.
 *
 * <p>The broker replays every retained registration at each subscription, so the entities
 * announced as created are remembered ({@link KnownChildren}, scope
 * {@value LifecycleEvents#CREATED_SCOPE}, shared with the first event of an unknown child):
 * a registration of a known entity raises nothing, and only a known entity raises
 * {@code deviceDeleted}, after which it is forgotten.
 */
public class EntityRegistrations extends LifecycleMessages {

    private static final String TYPE = "@type";

    public EntityRegistrations(DeviceIdentity identity, KnownChildren knownChildren, Clock clock) {
        super(identity, knownChildren, clock);
    }

    /** The lifecycle events of one message on {@code te/<entity topic id>}: none or one. */
    @Override
    public List<DeviceEvent> lifecycleEvents(String topic, byte[] body, List<Announcement> announcements) {
        byte[] payload = body == null ? new byte[0] : body;
        String[] levels = topic.split("/", -1);
        if (levels.length != 5) {
            throw new BadInputException(topic, payload, "Unsupported topic: expected te/device/<name>// or "
                    + "te/device/<name>/service/<name>");
        }
        EntityTopicId entity = EntityTopicId.parse(topic, levels, payload);
        if (payload.length == 0) {
            return deregistered(entity, topic, announcements);
        }
        Map<String, JsonNode> registration = EventParser.jsonObject(topic, payload);
        checkType(entity, registration.get(TYPE), topic, payload);
        if (isMainDevice(entity)) {
            // the gateway itself: it exists as long as the forwarder runs
            return List.of();
        }
        String id = entity.entityId(identity);
        Announcement created = knownChildren.announce(LifecycleEvents.CREATED_SCOPE, id);
        if (created == null) {
            return List.of();
        }
        announcements.add(created);
        return List.of(LifecycleEvents.event(LifecycleEvents.DEVICE_CREATED, id, entity.childId() != null,
                identity.domainOf(entity.childId()), describe(entity, id) + " registered", registration, topic, clock));
    }

    private List<DeviceEvent> deregistered(EntityTopicId entity, String topic, List<Announcement> announcements) {
        String id = entity.entityId(identity);
        Announcement deleted = isMainDevice(entity) ? null : knownChildren.retire(LifecycleEvents.CREATED_SCOPE, id);
        if (deleted == null) {
            return List.of();
        }
        announcements.add(deleted);
        return List.of(LifecycleEvents.event(LifecycleEvents.DEVICE_DELETED, id, entity.childId() != null,
                identity.domainOf(entity.childId()), describe(entity, id) + " deregistered", Map.of(), topic, clock));
    }

    /** {@code @type} must say what the topic says: the main device, a child device or a service. */
    private static void checkType(EntityTopicId entity, JsonNode type, String topic, byte[] payload) {
        if (type == null || !type.isTextual()) {
            throw new BadInputException(topic, payload,
                    TYPE + " must be a string (device, child-device or service), not " + EventParser.kind(type));
        }
        String expected = entity.isService() ? "service" : isMainDevice(entity) ? "device" : "child-device";
        if (!type.textValue().equals(expected)) {
            throw new BadInputException(topic, payload,
                    TYPE + " must be " + expected + " on this topic, not '" + type.textValue() + "'");
        }
    }

    private static boolean isMainDevice(EntityTopicId entity) {
        return entity.childId() == null && !entity.isService();
    }

    private static String describe(EntityTopicId entity, String id) {
        return entity.isService() ? "Service " + id : "Child device " + id;
    }
}
