package io.thinedge.eventhandlers.ingest;

import java.io.IOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.thinedge.eventhandlers.event.DeviceEvent;

/**
 * Turns a thin-edge event message into a {@link DeviceEvent} by the rules of SPEC §3, the rules
 * thin-edge's Cumulocity mapper applies. Anything else is a {@link BadInputException}.
 */
public class EventParser {

    // values are read one by one from a streaming parser, which reports trailing content itself
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder().build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final JsonNodeFactory NODES = JSON.getNodeFactory();

    private final DeviceIdentity identity;
    private final Clock clock;

    public EventParser(DeviceIdentity identity, Clock clock) {
        this.identity = identity;
        this.clock = clock;
    }

    public DeviceEvent parse(String topic, byte[] payload) {
        EventTopic source = EventTopic.parse(topic, payload);
        Map<String, JsonNode> fields = payload.length == 0 ? Map.of() : jsonObject(topic, payload);

        String text = source.type();
        OffsetDateTime time = EventTime.now(clock);
        Map<String, JsonNode> extras = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : fields.entrySet()) {
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "text" -> {
                    if (!value.isNull() && !value.isTextual()) {
                        throw new BadInputException(topic, payload, "text must be a string, not " + kind(value));
                    }
                    text = value.isNull() ? source.type() : value.textValue();
                }
                case "time" -> {
                    if (!value.isNull() && !value.isTextual()) {
                        throw new BadInputException(topic, payload, "time must be an RFC 3339 string, not " + kind(value));
                    }
                    if (value.isTextual()) {
                        time = time(topic, payload, value.textValue());
                    }
                }
                default -> extras.put(field.getKey(), value);
            }
        }
        String deviceId = identity.deviceId(source.childId());
        return new DeviceEvent(deviceId, source.childId() != null, identity.domainOf(source.childId()), source.type(),
                text, EventTime.format(time), time.toInstant().toEpochMilli(), extras, topic);
    }

    /** Reads the payload as one JSON object, keeping key order; {@code text} and {@code time} may appear once. */
    static Map<String, JsonNode> jsonObject(String topic, byte[] payload) {
        String json = utf8(topic, payload);
        if (json.isBlank()) {
            throw new BadInputException(topic, payload, "Payload is blank: expected a JSON object or nothing");
        }
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new BadInputException(topic, payload,
                        "Payload must be a JSON object, not " + kind(JSON.readTree(json)));
            }
            Map<String, JsonNode> fields = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                JsonNode value = value(parser, parser.nextToken());
                if (fields.containsKey(key) && (key.equals("text") || key.equals("time"))) {
                    throw new BadInputException(topic, payload, "Duplicate field `" + key + "`");
                }
                fields.put(key, value);
            }
            if (parser.nextToken() != null) {
                throw new BadInputException(topic, payload, "Trailing characters after the JSON object");
            }
            return fields;
        } catch (JsonProcessingException e) {
            throw new BadInputException(topic, payload, "Invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadInputException(topic, payload, "Invalid JSON: " + e.getMessage());
        }
    }

    /**
     * The value at the parser: strings, booleans and null made here, as the tree reader would make
     * them; numbers, objects and arrays read by it. Each call of the tree reader builds a
     * deserialisation context, which was 2% of all the forwarder allocated, one per field.
     */
    private static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
        if (token == null) {
            return JSON.readTree(parser);
        }
        return switch (token) {
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> JSON.readTree(parser);
        };
    }

    static String utf8(String topic, byte[] payload) {
        return StrictUtf8.decode(payload)
                .orElseThrow(() -> new BadInputException(topic, payload, "Payload is not valid UTF-8"));
    }

    private static OffsetDateTime time(String topic, byte[] payload, String text) {
        try {
            return EventTime.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(topic, payload, e.getMessage());
        }
    }

    static String kind(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        return switch (value.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case OBJECT -> "an object";
            default -> value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
