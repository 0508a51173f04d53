package io.thinedge.eventhandlers.sink.smartrest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.thinedge.eventhandlers.event.DeviceEvent;

/**
 * Converts a {@link DeviceEvent} into the messages Cumulocity receives (SPEC §4), as thin-edge's
 * c8y mapper does. Pure: it remembers nothing, so the caller says whether a child is known.
 *
 * <ul>
 *   <li>No extras, main device: {@code 400,<type>,"<text>",<time>} on {@code <prefix>/s/us}.</li>
 *   <li>Extras or a child: Cumulocity JSON ({@code type}, {@code time}, {@code text}, the extras,
 *       and for a child {@code externalSource}) on {@code <prefix>/event/events/create}.</li>
 *   <li>A converted message of {@value SmartRest#MQTT_MESSAGE_LIMIT_BYTES} UTF-8 bytes or more:
 *       the JSON plus {@code source.id}, POSTed to {@code <url>/event/events/}. The source is the
 *       main device's configured id, or the child's own managed-object id, which the caller looks
 *       up ({@link C8yMessage.IdentityLookup}) and passes in.</li>
 *   <li>A child not known yet: {@code 101,<child>,<child>,thin-edge.io-child} first.</li>
 * </ul>
 */
public final class SmartRestMarshaller {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SmartRestTarget target;

    public SmartRestMarshaller(SmartRestTarget target) {
        this.target = target;
    }

    public SmartRestTarget target() {
        return target;
    }

    /**
     * Every message for one event, in the order they must be sent.
     *
     * @param childKnown    whether the event's child device is registered already (ignored for the main device)
     * @param childSourceId the child's managed-object id, if looked up already (ignored for the main device)
     * @throws MessageTooLargeException when the event needs HTTPS and no URL or source id is configured
     */
    public List<C8yMessage> marshal(DeviceEvent event, boolean childKnown, Optional<String> childSourceId) {
        List<C8yMessage> messages = new ArrayList<>(2);
        C8yMessage converted = convert(event, childSourceId);
        if (event.childDevice() && !childKnown) {
            messages.add(registration(event.deviceId()));
        }
        messages.add(converted);
        return messages;
    }

    /** {@code 101,<child>,<child>,thin-edge.io-child} on {@code <prefix>/s/us}. */
    public C8yMessage.Mqtt registration(String childId) {
        String line = SmartRestRecord.template(SmartRest.CREATE_CHILD_DEVICE)
                .field(childId).field(childId).field(SmartRest.CHILD_DEVICE_TYPE).toString();
        return new C8yMessage.Mqtt(target.smartRestTopic(), line);
    }

    /** {@link #convert(DeviceEvent, Optional)} with no child's managed-object id known. */
    public C8yMessage convert(DeviceEvent event) {
        return convert(event, Optional.empty());
    }

    /**
     * The event itself, without any child registration: over MQTT, or over HTTPS when too large.
     * A too large event of a child whose managed-object id is not given becomes the
     * {@link C8yMessage.IdentityLookup} of that id: the POST must name the child, not the gateway.
     *
     * @param childSourceId the child's managed-object id, if known (ignored for the main device)
     */
    public C8yMessage convert(DeviceEvent event, Optional<String> childSourceId) {
        C8yMessage.Mqtt mqtt = event.extras().isEmpty() && !event.childDevice()
                ? new C8yMessage.Mqtt(target.smartRestTopic(), smartRest(event))
                : new C8yMessage.Mqtt(target.eventCreateTopic(), toJson(event, cumulocityJson(event)));
        int size = mqtt.payload().getBytes(StandardCharsets.UTF_8).length;
        if (size < SmartRest.MQTT_MESSAGE_LIMIT_BYTES) {
            return mqtt;
        }
        if (target.eventsUrl().isEmpty()) {
            throw new MessageTooLargeException(event.sourceTopic(), event.deviceId(), size, target.urlKey());
        }
        Optional<String> sourceId = event.childDevice()
                ? childSourceId.map(String::trim).filter(id -> !id.isEmpty())
                : target.sourceId();
        if (sourceId.isEmpty()) {
            if (event.childDevice()) {
                return new C8yMessage.IdentityLookup(target.externalIdUrl(event.deviceId()).get(), event.deviceId());
            }
            throw new MessageTooLargeException(event.sourceTopic(), event.deviceId(), size, target.sourceIdKey());
        }
        ObjectNode json = cumulocityJson(event);
        json.putObject("source").put("id", sourceId.get());
        return new C8yMessage.HttpPost(target.eventsUrl().get(), toJson(event, json));
    }

    private static String smartRest(DeviceEvent event) {
        return SmartRestRecord.template(SmartRest.CREATE_EVENT)
                .field(event.type()).quotedField(event.text()).field(event.time()).toString();
    }

    /**
     * {@code type}, {@code time}, {@code text}, then the extras in payload order. A payload
     * {@code type} replaces the topic's (a string as it is; null or "" keeps the topic's; any other
     * JSON value as its JSON text). A child's {@code externalSource} replaces the payload's and comes last.
     */
    private static ObjectNode cumulocityJson(DeviceEvent event) {
        ObjectNode json = JSON.createObjectNode();
        json.put("type", type(event));
        json.put("time", event.time());
        json.put("text", event.text());
        for (Map.Entry<String, JsonNode> extra : event.extras().entrySet()) {
            String key = extra.getKey();
            if (key.equals("type") || (event.childDevice() && key.equals("externalSource"))) {
                continue;
            }
            json.set(key, extra.getValue());
        }
        if (event.childDevice()) {
            json.putObject("externalSource").put("externalId", event.deviceId()).put("type", SmartRest.EXTERNAL_ID_TYPE);
        }
        return json;
    }

    private static String type(DeviceEvent event) {
        JsonNode type = event.extras().get("type");
        if (type == null || type.isNull() || (type.isTextual() && type.textValue().isEmpty())) {
            return event.type();
        }
        return type.isTextual() ? type.textValue() : type.toString();
    }

    private static String toJson(DeviceEvent event, ObjectNode json) {
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new SmartRestException(event.sourceTopic(), event.deviceId(), "JSON cannot be written: " + e.getMessage(), e);
        }
    }
}
