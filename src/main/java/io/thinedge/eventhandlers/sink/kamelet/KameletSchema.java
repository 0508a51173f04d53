package io.thinedge.eventhandlers.sink.kamelet;

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
        Map<String, JsonNode> properties, List<String> dependencies, JsonNode definition, JsonNode template) {

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
        // older Kamelets call it flow
        JsonNode template = kamelet.path("spec").has("template") ? kamelet.path("spec").path("template")
                : kamelet.path("spec").path("flow");
        List<String> required = new ArrayList<>();
        definition.path("required").forEach(property -> required.add(property.asText()));
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        definition.path("properties").fields().forEachRemaining(property -> properties.put(property.getKey(), property.getValue()));
        List<String> dependencies = new ArrayList<>();
        kamelet.path("spec").path("dependencies").forEach(dependency -> dependencies.add(dependency.asText()));
        return new KameletSchema(name, kamelet.path("metadata").path("labels").path("camel.apache.org/kamelet.type").asText(""),
                definition.path("title").asText(name), definition.path("description").asText(""), required, properties,
                dependencies, definition, template);
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
     * Checks a handler's properties: against the Kamelet's whole JSON schema ({@link PropertySchema}),
     * as data Camel will not read as anything else (no {@code {{...}}} placeholder, see
     * {@link KameletUri}), and for what the template does with them ({@link TemplatePositions}).
     *
     * @param schemes the URI schemes a property that starts an endpoint URI may have
     * @throws InvalidHandlerException naming {@code connectionConfig.properties.<property>}
     */
    public void validate(Map<String, String> given, Set<String> schemes) {
        given.forEach(KameletUri::checkValue);
        new PropertySchema(name, definition).check(given);
        TemplatePositions positions = new TemplatePositions(template);
        given.forEach((property, value) -> positions.check(property, value, schemes));
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

}
