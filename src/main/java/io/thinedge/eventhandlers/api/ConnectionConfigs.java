package io.thinedge.eventhandlers.api;

import com.fasterxml.jackson.databind.JsonNode;

import io.thinedge.eventhandlers.handler.HandlerType;
import io.thinedge.eventhandlers.sink.kafka.KafkaConfig;
import io.thinedge.eventhandlers.sink.smartrest.SmartRestHandlerConfig;
import io.thinedge.eventhandlers.sink.webhook.WebhookConfig;

/** Validates a connectionConfig with its sink's own config record; throws naming the field. */
final class ConnectionConfigs {

    private ConnectionConfigs() {
    }

    static void validate(HandlerType type, JsonNode connectionConfig) {
        switch (type) {
            case KAFKA -> KafkaConfig.from(connectionConfig);
            case WEBHOOK -> WebhookConfig.from(connectionConfig);
            case SMARTREST -> SmartRestHandlerConfig.from(connectionConfig);
            case KAMELET -> KameletHandlers.validate(connectionConfig);
            default -> throw new IllegalStateException("Unknown handler type " + type);
        }
    }
}
