package io.thinedge.eventhandlers.api;

import com.fasterxml.jackson.databind.JsonNode;

import io.thinedge.eventhandlers.handler.HandlerType;
import io.thinedge.eventhandlers.handler.InvalidHandlerException;
import io.thinedge.eventhandlers.sink.HandlerSinks;
import io.thinedge.eventhandlers.sink.kafka.KafkaDomainProperties;
import io.thinedge.eventhandlers.sink.kafka.KafkaConfig;
import io.thinedge.eventhandlers.sink.smartrest.SmartRestHandlerConfig;
import io.thinedge.eventhandlers.sink.smartrest.TenantTopicPrefixes;
import io.thinedge.eventhandlers.sink.webhook.WebhookConfig;

/** Validates a connectionConfig with its sink's own config record; throws naming the field. */
final class ConnectionConfigs {

    private ConnectionConfigs() {
    }

    /**
     * @param domain       the handler's domain
     * @param kafkaDomains  the configured Kafka properties per domain: a Kafka handler of type
     *                      {@code domainProperties} needs a set for its domain or a parent
     * @param topicPrefixes where a SmartREST handler of the domain may publish
     */
    static void validate(HandlerType type, JsonNode connectionConfig, String domain, KafkaDomainProperties kafkaDomains,
            TenantTopicPrefixes topicPrefixes) {
        if (type != HandlerType.KAMELET) {
            // the built-in types deliver through their own Kamelets, which the domain's allow list names too
            KameletHandlers.checkAllowed(HandlerSinks.builtInKamelet(type), domain);
        }
        switch (type) {
            case KAFKA -> checkDomainProperties(KafkaConfig.from(connectionConfig), domain, kafkaDomains);
            case WEBHOOK -> WebhookConfig.from(connectionConfig);
            case SMARTREST -> topicPrefixes.check(SmartRestHandlerConfig.from(connectionConfig).topicPrefix(), domain,
                    "connectionConfig.topicPrefix");
            case KAMELET -> KameletHandlers.validate(connectionConfig, domain);
            default -> throw new IllegalStateException("Unknown handler type " + type);
        }
    }

    private static void checkDomainProperties(KafkaConfig config, String domain, KafkaDomainProperties kafkaDomains) {
        if (config.source() == KafkaConfig.Source.DOMAIN && kafkaDomains.forDomain(domain).isEmpty()) {
            throw new InvalidHandlerException("connectionConfig.type", "domainProperties: no Kafka properties are "
                    + "configured for domain " + domain + " or a parent domain (" + KafkaDomainProperties.PREFIX
                    + "<domain>.bootstrap.servers in config/application.properties); use type custom with the "
                    + "properties in connectionConfig.value, or configure the domain's");
        }
    }
}
