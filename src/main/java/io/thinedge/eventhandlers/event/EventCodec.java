package io.thinedge.eventhandlers.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Events as JSON text, for storing them (dead letters) and reading them back unchanged. */
public final class EventCodec {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final String KIND = "kind";

    private EventCodec() {
    }

    public static String toJson(Event event) {
        ObjectNode node = JSON.valueToTree(event);
        node.put(KIND, event instanceof TelemetryEvent ? "telemetry" : "device");
        return node.toString();
    }

    public static Event fromJson(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            Class<? extends Event> type = "telemetry".equals(node.path(KIND).asText()) ? TelemetryEvent.class
                    : DeviceEvent.class;
            ((ObjectNode) node).remove(KIND);
            return JSON.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Stored event cannot be read: " + e.getOriginalMessage(), e);
        }
    }
}
