package io.thinedge.eventhandlers.sink.kamelet;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.thinedge.eventhandlers.handler.InvalidHandlerException;
import io.thinedge.eventhandlers.sink.ConfigFields;

/**
 * The connectionConfig of a {@code kamelet} handler:
 * {@code {"kamelet":"<name>","properties":{"<property>":<value>,...}}}. Values are strings,
 * numbers or booleans, passed to the Kamelet as text.
 */
public record KameletConfig(String kamelet, Map<String, String> properties) {

    public static final String KAMELET_FIELD = "kamelet";
    public static final String PROPERTIES_FIELD = "properties";

    public KameletConfig {
        properties = Map.copyOf(properties);
    }

    public static KameletConfig from(JsonNode connectionConfig) {
        ConfigFields fields = new ConfigFields(connectionConfig, "connectionConfig");
        String kamelet = fields.requiredText(KAMELET_FIELD);
        if (!kamelet.matches("[a-z0-9][a-z0-9-]*")) {
            throw new InvalidHandlerException(fields.path(KAMELET_FIELD),
                    "must be a Kamelet name (lower-case letters, digits and dashes), not '" + kamelet + "'");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        JsonNode given = fields.child(PROPERTIES_FIELD);
        if (given != null && !given.isNull()) {
            if (!given.isObject()) {
                throw new InvalidHandlerException(fields.path(PROPERTIES_FIELD), "must be an object");
            }
            given.fields().forEachRemaining(property -> {
                JsonNode value = property.getValue();
                if (value.isNull()) {
                    return;
                }
                if (!value.isValueNode()) {
                    throw new InvalidHandlerException(fields.path(PROPERTIES_FIELD) + "." + property.getKey(),
                            "must be a string, number or boolean");
                }
                properties.put(property.getKey(), value.asText());
            });
        }
        return new KameletConfig(kamelet, properties);
    }
}
