package io.thinedge.eventhandlers.handler;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads and writes a handler's {@code filter} as Coiote's JSON (SPEC §4), naming the field in
 * every error. Used by the REST API and by the store, which keeps the filter as this JSON.
 */
public final class EventFilters {

    public static final String LIFECYCLE = "lifecycle";
    public static final String TELEMETRY = "telemetry";
    /** Older python-coiote releases call the telemetry filter {@code dataModel}. */
    public static final String DATA_MODEL = "dataModel";

    private EventFilters() {
    }

    public static ObjectNode toJson(EventFilter filter) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        if (filter instanceof EventFilter.Lifecycle lifecycle) {
            node.put("type", LIFECYCLE);
            lifecycle.eventTypes().forEach(node.putArray("eventTypes")::add);
        } else if (filter instanceof EventFilter.Telemetry telemetry) {
            node.put("type", TELEMETRY);
            telemetry.lwm2mUrls().forEach(node.putArray("lwm2mUrls")::add);
        }
        return node;
    }

    /** @throws InvalidHandlerException naming {@code filter...} when the JSON is not a valid filter */
    public static EventFilter fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw new InvalidHandlerException("filter", "is required");
        }
        if (!node.isObject()) {
            throw new InvalidHandlerException("filter", "must be a JSON object");
        }
        JsonNode type = node.get("type");
        if (type == null || type.isNull()) {
            throw new InvalidHandlerException("filter.type", "is required: lifecycle or telemetry");
        }
        String name = type.asText();
        if (name.equals(LIFECYCLE)) {
            return new EventFilter.Lifecycle(strings(node, "eventTypes", false));
        }
        if (name.equals(TELEMETRY) || name.equals(DATA_MODEL)) {
            return new EventFilter.Telemetry(strings(node, "lwm2mUrls", true));
        }
        throw new InvalidHandlerException("filter.type", "must be lifecycle or telemetry, not '" + name + "'");
    }

    private static List<String> strings(JsonNode filter, String field, boolean paths) {
        String path = "filter." + field;
        JsonNode array = filter.get(field);
        if (array == null || array.isNull() || !array.isArray() || array.isEmpty()) {
            throw new InvalidHandlerException(path, "must be a non-empty list");
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            String itemPath = path + "[" + i + "]";
            if (!item.isTextual() || item.textValue().isBlank()) {
                throw new InvalidHandlerException(itemPath, "must be a non-empty string");
            }
            if (paths && !item.textValue().startsWith("/")) {
                throw new InvalidHandlerException(itemPath, "must be a path starting with '/', not '" + item.textValue() + "'");
            }
            values.add(item.textValue());
        }
        return values;
    }
}
