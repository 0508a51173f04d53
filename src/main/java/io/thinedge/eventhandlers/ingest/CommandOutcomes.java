package io.thinedge.eventhandlers.ingest;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.thinedge.eventhandlers.event.DeviceEvent;
import io.thinedge.eventhandlers.store.Announcement;
import io.thinedge.eventhandlers.store.KnownChildren;

/**
 * Turns thin-edge commands that reach {@code successful} into device updates:
 * {@code te/<entity>/cmd/firmware_update/<id>} into {@code deviceUpdatedViaFota},
 * {@code te/<entity>/cmd/config_update/<id>} into {@code deviceUpdatedViaWrite}. Other commands
 * and other states ({@code init}, {@code executing}, {@code failed}, a workflow's own) raise nothing.
 *
 * <p>Commands are retained until thin-edge clears them (an empty message), and the broker replays
 * them at each subscription: a successful command is remembered ({@link KnownChildren}, scope
 * {@value #SCOPE}, by topic) until it is cleared, so it is announced once.
 */
public class CommandOutcomes extends LifecycleMessages {

    public static final String SCOPE = "successful-command";
    private static final String SUCCESSFUL = "successful";

    public CommandOutcomes(DeviceIdentity identity, KnownChildren knownChildren, Clock clock) {
        super(identity, knownChildren, clock);
    }

    /** The lifecycle events of one message on {@code te/<entity>/cmd/<type>/<id>}: none or one. */
    @Override
    public List<DeviceEvent> lifecycleEvents(String topic, byte[] body, List<Announcement> announcements) {
        byte[] payload = body == null ? new byte[0] : body;
        String[] levels = topic.split("/", -1);
        if (levels.length != 8 || !levels[5].equals("cmd") || levels[7].isEmpty()) {
            throw new BadInputException(topic, payload, "Unsupported topic: expected te/<entity>/cmd/<type>/<id>");
        }
        String lifecycleType = switch (levels[6]) {
            case "firmware_update" -> LifecycleEvents.DEVICE_UPDATED_VIA_FOTA;
            case "config_update" -> LifecycleEvents.DEVICE_UPDATED_VIA_WRITE;
            default -> null;
        };
        if (lifecycleType == null) {
            return List.of();
        }
        EntityTopicId entity = EntityTopicId.parse(topic, levels, payload);
        if (payload.length == 0) {
            // cleared: the same id may be used again
            knownChildren.forget(SCOPE, topic);
            return List.of();
        }
        Map<String, JsonNode> command = EventParser.jsonObject(topic, payload);
        JsonNode status = command.get("status");
        if (status != null && !status.isTextual()) {
            throw new BadInputException(topic, payload, "status must be a string, not " + EventParser.kind(status));
        }
        Announcement succeeded = status == null || !status.textValue().equals(SUCCESSFUL) ? null
                : knownChildren.announce(SCOPE, topic);
        if (succeeded == null) {
            return List.of();
        }
        announcements.add(succeeded);
        String id = entity.entityId(identity);
        Map<String, JsonNode> extras = new LinkedHashMap<>();
        extras.put("commandId", new TextNode(levels[7]));
        // what was installed; URLs stay out (they can carry credentials of the file transfer)
        String text;
        if (lifecycleType.equals(LifecycleEvents.DEVICE_UPDATED_VIA_FOTA)) {
            copy(command, extras, "name", "version");
            text = "Firmware" + join(command, "name", "version") + " installed on " + id;
        } else {
            copy(command, extras, "type");
            text = "Configuration" + join(command, "type") + " updated on " + id;
        }
        return List.of(LifecycleEvents.event(lifecycleType, id, entity.childId() != null,
                identity.domainOf(entity.childId()), text, extras, topic, clock));
    }

    private static void copy(Map<String, JsonNode> from, Map<String, JsonNode> to, String... keys) {
        for (String key : keys) {
            JsonNode value = from.get(key);
            if (value != null && !value.isNull()) {
                to.put(key, value);
            }
        }
    }

    /** The values of {@code keys} that are present, each preceded by a space. */
    private static String join(Map<String, JsonNode> command, String... keys) {
        StringBuilder text = new StringBuilder();
        for (String key : keys) {
            JsonNode value = command.get(key);
            if (value != null && value.isValueNode() && !value.isNull()) {
                text.append(' ').append(value.asText());
            }
        }
        return text.toString();
    }
}
