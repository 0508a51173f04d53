package io.thinedge.eventhandlers.sink.kafka;

import java.io.IOException;
import java.io.StringReader;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;

import io.thinedge.eventhandlers.handler.InvalidHandlerException;
import io.thinedge.eventhandlers.sink.ConfigFields;
import io.thinedge.eventhandlers.sink.ControlHeaders;

/**
 * A Kafka handler's connectionConfig (SPEC §4): custom producer properties, or the properties
 * configured for the handler's domain; plus the topic and record headers.
 *
 * @param customProperties the operator's properties when {@code type} is {@code custom}; empty when
 *                         the domain's properties are used
 */
public record KafkaConfig(Source source, Optional<Properties> customProperties, String topic, Map<String, String> headers) {

    public enum Source {
        /** {@code "type":"custom"} with the producer properties in {@code value}. */
        CUSTOM,
        /** {@code "type":"domainProperties"} (or Coiote's other spelling, {@code domainProperty}). */
        DOMAIN
    }

    public KafkaConfig {
        headers = Map.copyOf(headers);
    }

    public static KafkaConfig from(JsonNode connectionConfig) {
        ConfigFields fields = new ConfigFields(connectionConfig, "connectionConfig");
        String type = fields.optionalText("type").orElseThrow(() -> new InvalidHandlerException(fields.path("type"),
                "is required: custom or domainProperties"));
        String topic = fields.requiredText("topic");
        Map<String, String> headers = fields.stringMap("headers");
        ControlHeaders.checkKafka(headers, fields.path("headers"));
        return switch (type) {
            // "raw" is the name older python-coiote releases send for custom properties
            case "custom", "raw" -> new KafkaConfig(Source.CUSTOM, Optional.of(customProperties(fields)), topic, headers);
            case "domainProperties", "domainProperty" -> new KafkaConfig(Source.DOMAIN, Optional.empty(), topic, headers);
            default -> throw new InvalidHandlerException(fields.path("type"),
                    "must be custom, domainProperties or domainProperty, not '" + type + "'");
        };
    }

    private static Properties customProperties(ConfigFields fields) {
        String field = fields.path("value");
        String text = fields.requiredText("value");
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidHandlerException(field, "is not valid .properties text: " + e.getMessage());
        }
        String servers = properties.getProperty("bootstrap.servers", "").trim();
        if (servers.isEmpty()) {
            throw new InvalidHandlerException(field, "must set bootstrap.servers");
        }
        KafkaPropertyPolicy.check(properties, key -> field);
        KafkaPropertyPolicy.checkOwnLogin(properties, field);
        ProducerSettings.check(properties, key -> field);
        return properties;
    }
}
