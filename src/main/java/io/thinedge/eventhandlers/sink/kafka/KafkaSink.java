package io.thinedge.eventhandlers.sink.kafka;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerType;
import io.thinedge.eventhandlers.handler.InvalidHandlerException;
import io.thinedge.eventhandlers.sink.HandlerSinks;
import io.thinedge.eventhandlers.sink.Sink;

/**
 * {@code kafka} handlers: {@link KafkaConfig}, delivered through the {@value #KAMELET} Kamelet
 * ({@link KafkaRecords}, {@link SharedKafkaClients}); the secrets inside their producer
 * properties text are masked ({@link KafkaSecrets}).
 */
public final class KafkaSink implements Sink {

    public static final String KAMELET = "tedge-kafka-sink";

    private final KafkaDomainProperties kafkaDomains;

    /**
     * @param kafkaDomains the configured Kafka properties per domain: a handler of type
     *                     {@code domainProperties} needs a set for its domain or a parent
     */
    public KafkaSink(KafkaDomainProperties kafkaDomains) {
        this.kafkaDomains = kafkaDomains;
    }

    @Override
    public HandlerType type() {
        return HandlerType.KAFKA;
    }

    @Override
    public String kamelet(JsonNode connectionConfig) {
        return KAMELET;
    }

    @Override
    public void validate(JsonNode connectionConfig, String domain) {
        KafkaConfig config = KafkaConfig.from(connectionConfig);
        if (config.source() == KafkaConfig.Source.DOMAIN && kafkaDomains.forDomain(domain).isEmpty()) {
            throw new InvalidHandlerException("connectionConfig.type", "domainProperties: no Kafka properties are "
                    + "configured for domain " + domain + " or a parent domain (" + KafkaDomainProperties.PREFIX
                    + "<domain>.bootstrap.servers in config/application.properties); use type custom with the "
                    + "properties in connectionConfig.value, or configure the domain's");
        }
    }

    @Override
    public String apiNotes() {
        return ". connectionConfig.type domainProperties (or domainProperty) needs Kafka properties "
                + "configured for the handler's domain or a parent (kafka.domain.<domain>.*), else 400 naming connectionConfig.type. "
                + "headers naming Camel* or kafka.* are a 400.";
    }

    @Override
    public void maskSecrets(ObjectNode config) {
        if (config.path("value").isTextual()) {
            config.put("value", KafkaSecrets.mask(config.get("value").textValue()));
        }
    }

    @Override
    public void restoreSecrets(ObjectNode config, JsonNode stored) {
        if (config.path("value").isTextual()) {
            config.put("value", KafkaSecrets.restore(config.get("value").textValue(), stored.path("value").asText(null),
                    "connectionConfig.value"));
        }
    }

    @Override
    public String endpoint(String setupId, EventHandler handler) {
        return HandlerSinks.kameletUri(KAMELET, setupId, Map.of("handler", setupId,
                "topic", KafkaConfig.from(handler.connectionConfig()).topic()));
    }

    /** camel-kafka sends a list body as one record per event and waits once for all of them. */
    @Override
    public boolean takesBatches() {
        return true;
    }
}
