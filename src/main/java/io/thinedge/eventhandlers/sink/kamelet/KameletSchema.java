package io.thinedge.eventhandlers.sink.kamelet;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.thinedge.eventhandlers.handler.InvalidHandlerException;

/**
 * What a Kamelet says of itself ({@code spec.definition}, a JSON schema of its properties) and
 * whether it is a sink: enough to validate a handler's properties against it and to know which
 * of them are secrets.
 */
public record KameletSchema(String name, String kind, String title, String description, List<String> required,
        Map<String, JsonNode> properties, List<String> dependencies) {

    /** The x-descriptor older catalog Kamelets mark passwords with (newer ones say format: password). */
    static final String PASSWORD_DESCRIPTOR = "urn:alm:descriptor:com.tectonic.ui:password";

    public KameletSchema {
        required = List.copyOf(required);
        properties = Map.copyOf(properties);
        dependencies = List.copyOf(dependencies);
    }

    /** Reads a parsed {@code *.kamelet.yaml}. */
    static KameletSchema of(String name, JsonNode kamelet) {
        JsonNode definition = kamelet.path("spec").path("definition");
        List<String> required = new ArrayList<>();
        definition.path("required").forEach(property -> required.add(property.asText()));
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        definition.path("properties").fields().forEachRemaining(property -> properties.put(property.getKey(), property.getValue()));
        List<String> dependencies = new ArrayList<>();
        kamelet.path("spec").path("dependencies").forEach(dependency -> dependencies.add(dependency.asText()));
        return new KameletSchema(name, kamelet.path("metadata").path("labels").path("camel.apache.org/kamelet.type").asText(""),
                definition.path("title").asText(name), definition.path("description").asText(""), required, properties,
                dependencies);
    }

    public boolean sink() {
        return "sink".equals(kind);
    }

    /** Properties whose values are secrets: {@code format: password}, or the password x-descriptor. */
    public Set<String> secrets() {
        Set<String> secrets = new TreeSet<>();
        properties.forEach((property, schema) -> {
            boolean described = false;
            for (JsonNode descriptor : schema.path("x-descriptors")) {
                described |= PASSWORD_DESCRIPTOR.equals(descriptor.asText());
            }
            if (described || "password".equals(schema.path("format").asText())) {
                secrets.add(property);
            }
        });
        return secrets;
    }

    /**
     * Checks a handler's properties: every required one given (or defaulted by the schema), none
     * unknown, each of its declared type.
     *
     * @throws InvalidHandlerException naming {@code connectionConfig.properties.<property>}
     */
    public void validate(Map<String, String> given) {
        for (String property : required) {
            if (!given.containsKey(property) && !properties.getOrDefault(property, missingNode()).has("default")) {
                throw invalid(property, "is required by Kamelet " + name + " (" + title(property) + ")");
            }
        }
        given.forEach((property, value) -> {
            JsonNode schema = properties.get(property);
            if (schema == null) {
                throw invalid(property, "is not a property of Kamelet " + name + "; it has " + properties.keySet());
            }
            String type = schema.path("type").asText("string");
            if ((type.equals("integer") && !value.trim().matches("-?\\d+"))
                    || (type.equals("number") && !isNumber(value))
                    || (type.equals("boolean") && !value.trim().matches("true|false"))) {
                throw invalid(property, "must be of type " + type + ", not '" + value + "'");
            }
            if (schema.has("enum")) {
                boolean listed = false;
                for (JsonNode option : schema.get("enum")) {
                    listed |= option.asText().equals(value);
                }
                if (!listed) {
                    throw invalid(property, "must be one of " + schema.get("enum") + ", not '" + value + "'");
                }
            }
        });
    }

    /** The type as the API lists it: name, title, description, required, properties (schema as given). */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("name", name);
        json.put("title", title);
        json.put("description", description);
        ArrayNode requiredJson = json.putArray("required");
        required.forEach(requiredJson::add);
        ObjectNode propertiesJson = json.putObject("properties");
        properties.forEach(propertiesJson::set);
        return json;
    }

    private String title(String property) {
        return properties.getOrDefault(property, missingNode()).path("title").asText(property);
    }

    private static boolean isNumber(String value) {
        try {
            new BigDecimal(value.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static JsonNode missingNode() {
        return JsonNodeFactory.instance.missingNode();
    }

    private static InvalidHandlerException invalid(String property, String message) {
        return new InvalidHandlerException("connectionConfig.properties." + property, message);
    }
}
