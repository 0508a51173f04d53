package io.thinedge.eventhandlers.sink.kamelet;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.thinedge.eventhandlers.handler.InvalidHandlerException;

/**
 * A Kamelet's {@code spec.definition} as a JSON Schema (draft 7, formats asserted) checked by
 * networknt's validator: types, {@code required}, {@code pattern}, {@code enum}, {@code format},
 * ranges and lengths, and no property the schema does not name (as if it said
 * {@code additionalProperties: false}, which Kamelets leave out though Camel ignores others).
 */
final class PropertySchema {

    /**
     * Draft 7, where the keywords Kamelets add for people and tools ({@code example},
     * {@code x-descriptors}) are annotations, not warnings in the log at every request.
     */
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7,
            factory -> factory.metaSchema(JsonMetaSchema.builder(JsonMetaSchema.getV7())
                    .unknownKeywordFactory((keyword, context) -> new NonValidationKeyword(keyword)).build()));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    private final String kamelet;
    private final JsonSchema schema;
    private final JsonNode properties;

    PropertySchema(String kamelet, JsonNode definition) {
        this.kamelet = kamelet;
        ObjectNode closed = definition.isObject() ? ((ObjectNode) definition).deepCopy() : JsonNodeFactory.instance.objectNode();
        closed.put("type", "object");
        if (!closed.has("additionalProperties")) {
            closed.put("additionalProperties", false);
        }
        this.schema = FACTORY.getSchema(closed, CONFIG);
        this.properties = closed.path("properties");
    }

    /**
     * Checks the values a handler gives, with the schema's defaults for those it leaves out (Camel
     * fills them in so, and a required property with a default need not be given).
     *
     * @throws InvalidHandlerException naming {@code connectionConfig.properties.<name>}; the message
     *                                 never repeats the value (it may be a secret)
     */
    void check(Map<String, String> given) {
        ObjectNode instance = JsonNodeFactory.instance.objectNode();
        properties.fields().forEachRemaining(property -> {
            if (property.getValue().has("default")) {
                instance.set(property.getKey(), property.getValue().get("default"));
            }
        });
        given.forEach((name, value) -> instance.set(name, typed(properties.path(name).path("type").asText("string"), value)));
        Optional<ValidationMessage> first = schema.validate(instance).stream()
                .min(Comparator.comparing(message -> field(message)));
        first.ifPresent(message -> {
            throw new InvalidHandlerException("connectionConfig.properties." + field(message), problem(message));
        });
    }

    /** The validator's words, but a missing or unknown property said as people look for it. */
    private String problem(ValidationMessage message) {
        String property = field(message);
        return switch (message.getType()) {
            case "required" -> "is required by Kamelet " + kamelet + " ("
                    + properties.path(property).path("title").asText(property) + ")";
            case "additionalProperties" -> {
                List<String> names = new ArrayList<>();
                properties.fieldNames().forEachRemaining(names::add);
                yield "is not a property of Kamelet " + kamelet + "; it has " + names;
            }
            default -> message.getError();
        };
    }

    /** The property a message is about: the one it points into, or the missing or unknown one it names. */
    private static String field(ValidationMessage message) {
        return message.getInstanceLocation().getNameCount() > 0 ? message.getInstanceLocation().getName(0)
                : String.valueOf(message.getProperty());
    }

    /**
     * The text a handler sends as the JSON value the schema expects, where it reads as one
     * ({@code "8080"} for an integer); otherwise left as text, which the schema then refuses.
     */
    private static JsonNode typed(String type, String value) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        String trimmed = value.trim();
        switch (type) {
            case "integer", "number" -> {
                try {
                    BigDecimal number = new BigDecimal(trimmed);
                    return number.stripTrailingZeros().scale() <= 0 ? json.numberNode(number.toBigIntegerExact())
                            : json.numberNode(number);
                } catch (NumberFormatException | ArithmeticException e) {
                    return json.textNode(value);
                }
            }
            case "boolean" -> {
                return trimmed.equals("true") || trimmed.equals("false") ? json.booleanNode(Boolean.parseBoolean(trimmed))
                        : json.textNode(value);
            }
            default -> {
                return json.textNode(value);
            }
        }
    }
}
