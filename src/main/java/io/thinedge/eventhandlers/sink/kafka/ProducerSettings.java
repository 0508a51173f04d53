package io.thinedge.eventhandlers.sink.kafka;

import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import io.thinedge.eventhandlers.handler.InvalidHandlerException;

/**
 * The settings every producer of the forwarder runs with ({@code retries=0}, {@code max.block.ms=8000},
 * bounded waits by default), and the check that a set of producer properties can hold with them,
 * by Kafka's own definitions ({@link ProducerConfig#configDef()}: known keys, types, ranges). A
 * set that fails here would otherwise be accepted and then fail every delivery when the producer
 * is built.
 */
public final class ProducerSettings {

    /** No silent retries: a failed delivery goes back to the handler, whose breaker counts it. */
    static final Map<String, String> FORCED = Map.of(ProducerConfig.RETRIES_CONFIG, "0",
            ProducerConfig.MAX_BLOCK_MS_CONFIG, "8000");
    /** A delivery waits at most this long for the broker's acknowledgement, unless the properties say otherwise. */
    static final String DEFAULT_REQUEST_TIMEOUT_MS = "15000";

    private static final ConfigDef DEFINITIONS = ProducerConfig.configDef();

    private ProducerSettings() {
    }

    /**
     * Throws naming the first property Kafka does not know, whose value its definition refuses,
     * or that contradicts a forced setting.
     *
     * @param fieldOf where a property came from, for the error: {@code connectionConfig.value},
     *                {@code connectionConfig.properties.<name>}, {@code kafka.domain.<domain>.<key>}
     */
    public static void check(Properties given, UnaryOperator<String> fieldOf) {
        for (String key : given.stringPropertyNames()) {
            ConfigDef.ConfigKey definition = DEFINITIONS.configKeys().get(key);
            if (definition == null) {
                throw new InvalidHandlerException(fieldOf.apply(key), "Kafka property " + key + " is not a Kafka producer setting");
            }
            try {
                Object value = ConfigDef.parseType(key, given.getProperty(key).trim(), definition.type);
                if (definition.validator != null) {
                    definition.validator.ensureValid(key, value);
                }
            } catch (ConfigException e) {
                // only values of non-password types fail to parse, so the message holds no secret
                throw new InvalidHandlerException(fieldOf.apply(key), "Kafka property " + key + ": " + e.getMessage());
            }
        }
        FORCED.forEach((key, forced) -> {
            if (given.containsKey(key) && Long.parseLong(given.getProperty(key).trim()) != Long.parseLong(forced)) {
                throw new InvalidHandlerException(fieldOf.apply(key), "Kafka property " + key + " is always " + forced
                        + " here: a failed delivery goes back to the handler's queue, whose retries and breaker the "
                        + "forwarder runs itself, and a delivery must not block the handler longer");
            }
        });
        if ("true".equalsIgnoreCase(given.getProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "").trim())) {
            throw new InvalidHandlerException(fieldOf.apply(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG), "Kafka property "
                    + "enable.idempotence=true cannot hold with the forced retries=0: the idempotent producer needs retries");
        }
        if (given.containsKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG)) {
            throw new InvalidHandlerException(fieldOf.apply(ProducerConfig.TRANSACTIONAL_ID_CONFIG), "Kafka property "
                    + "transactional.id cannot hold with the forced retries=0 (transactions need the idempotent "
                    + "producer), and handlers share producers, which send no transactions");
        }
        if (given.containsKey(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)) {
            Properties used = applied(given);
            long least = number(used, ProducerConfig.LINGER_MS_CONFIG) + number(used, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
            if (number(used, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG) < least) {
                throw new InvalidHandlerException(fieldOf.apply(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG), "Kafka property "
                        + "delivery.timeout.ms must be at least linger.ms + request.timeout.ms (" + least
                        + "): Kafka refuses the producer otherwise");
            }
        }
    }

    /**
     * {@code given} with the forced settings (and no idempotence, which needs retries), and bounded waits where it sets none: the
     * {@code request.timeout.ms} default, and a {@code delivery.timeout.ms} of
     * {@code linger.ms + request.timeout.ms} (the least the client accepts).
     */
    public static Properties applied(Properties given) {
        Properties properties = new Properties();
        properties.putAll(given);
        FORCED.forEach(properties::setProperty);
        // which retries=0 rules out (camel-kafka turns it on by default; check() refuses it from a handler)
        properties.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        properties.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, DEFAULT_REQUEST_TIMEOUT_MS);
        if (!properties.containsKey(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)) {
            properties.setProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(
                    number(properties, ProducerConfig.LINGER_MS_CONFIG) + number(properties, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG)));
        }
        return properties;
    }

    /** A numeric setting, or Kafka's default; camel-kafka puts some values in as numbers, not text. */
    private static long number(Properties properties, String key) {
        Object value = properties.get(key);
        if (value == null) {
            value = DEFINITIONS.defaultValues().get(key);
        }
        return value instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(value).trim());
    }
}
