package io.thinedge.eventhandlers.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The application's own configuration keys (SPEC §7), read once at start and validated: a missing
 * or invalid value stops the start with a message naming the key.
 *
 * <p>Values come from Camel's property placeholders, so {@code config/application.properties},
 * {@code -Dkey=value} and environment variables ({@code TEDGE_MQTT_PORT}) all apply.
 */
public record Settings(
        String mqttHost,
        int mqttPort,
        String mqttClientId,
        String mqttSharedGroup,
        long mqttSessionExpirySeconds,
        int mqttReceiveMaximum,
        Duration mqttReconnectDelay,
        String deviceId,
        String deviceDomain,
        String errorsTopic,
        Path storeDir,
        String storeUrl,
        String storeUser,
        String storePassword,
        Path tokensFile,
        Duration webhookTimeout,
        Duration retestInterval,
        long deadletterMaxEvents,
        boolean c8yEnabled,
        String c8yUrl,
        String c8ySourceId,
        String c8yTopicPrefix,
        int apiMaxHandlersPerTokenDomain,
        List<String> smartrestTenantTopicPrefixes,
        int handlerQos0QueueLimit) {

    /** Reads every key through {@code lookup}, which returns empty for a key that is not set. */
    public static Settings load(Function<String, Optional<String>> lookup) {
        Reader reader = new Reader(lookup);
        return new Settings(
                reader.required("tedge.mqtt.host"),
                reader.port("tedge.mqtt.port"),
                reader.required("tedge.mqtt.client-id"),
                reader.sharedGroup("tedge.mqtt.shared-group"),
                reader.nonNegativeLong("tedge.mqtt.session-expiry-seconds"),
                (int) reader.positiveLong("tedge.mqtt.receive-maximum", 65535),
                reader.duration("tedge.mqtt.reconnect-delay"),
                reader.required("tedge.device.id"),
                reader.domain("tedge.device.domain"),
                reader.required("tedge.errors.topic"),
                Path.of(reader.required("store.dir")),
                reader.jdbcUrl("store.url"),
                reader.optional("store.user").orElse(null),
                lookup.apply("store.password").orElse(null),
                Path.of(reader.required("api.tokens-file")),
                reader.duration("webhook.timeout"),
                reader.duration("handlers.retest-interval"),
                reader.positiveLong("deadletter.max-events", Long.MAX_VALUE),
                reader.bool("c8y.enabled"),
                reader.optional("c8y.url").orElse(null),
                reader.optional("c8y.source-id").orElse(null),
                reader.required("c8y.topic-prefix"),
                // optional: a configuration written before this key existed still starts
                reader.isSet("api.max-handlers-per-token-domain")
                        ? (int) reader.positiveLong("api.max-handlers-per-token-domain", Integer.MAX_VALUE) : 100,
                reader.topicPrefixes("smartrest.tenant-topic-prefixes"),
                reader.isSet("handlers.qos0-queue-limit")
                        ? (int) reader.positiveLong("handlers.qos0-queue-limit", Integer.MAX_VALUE) : 1000);
    }

    /** Without the store password (and the URL's parameters, which may hold one too). */
    @Override
    public String toString() {
        return "Settings[mqtt=" + mqttServerUri() + ", clientId=" + mqttClientId + ", sharedGroup=" + mqttSharedGroup
                + ", store=" + (storeUrl == null ? storeDir.toString() : storeUrl.replaceAll("[?;].*", "")) + "]";
    }

    /** True when several instances share the events through {@code tedge.mqtt.shared-group}. */
    public boolean sharesEvents() {
        return mqttSharedGroup != null;
    }

    public String mqttServerUri() {
        return "tcp://" + mqttHost + ":" + mqttPort;
    }

    /** Reads and checks one key at a time, naming it in every error. */
    private record Reader(Function<String, Optional<String>> lookup) {

        Optional<String> optional(String key) {
            return lookup.apply(key).map(String::trim).filter(value -> !value.isEmpty());
        }

        boolean isSet(String key) {
            return optional(key).isPresent();
        }

        String required(String key) {
            return optional(key).orElseThrow(() -> new InvalidSettingException(key, "is missing"));
        }

        int port(String key) {
            long port = number(key);
            if (port < 1 || port > 65535) {
                throw new InvalidSettingException(key, "must be a port number from 1 to 65535, not " + port);
            }
            return (int) port;
        }

        long nonNegativeLong(String key) {
            long value = number(key);
            if (value < 0) {
                throw new InvalidSettingException(key, "must not be negative, not " + value);
            }
            return value;
        }

        long positiveLong(String key, long max) {
            long value = number(key);
            if (value < 1 || value > max) {
                throw new InvalidSettingException(key, "must be from 1 to " + max + ", not " + value);
            }
            return value;
        }

        boolean bool(String key) {
            String value = required(key);
            if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                throw new InvalidSettingException(key, "must be true or false, not '" + value + "'");
            }
            return Boolean.parseBoolean(value);
        }

        Duration duration(String key) {
            String value = required(key);
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(key, "must be a duration such as 500ms, 10s or 5m, not '" + value + "'");
            }
        }

        /** An MQTT 5 share name: one topic level, no wildcards (the broker refuses the subscription otherwise). */
        String sharedGroup(String key) {
            Optional<String> value = optional(key);
            if (value.isPresent() && !value.get().matches("[^/+#]+")) {
                throw new InvalidSettingException(key, "must be a name without '/', '+' or '#', not '" + value.get() + "'");
            }
            return value.orElse(null);
        }

        /** Empty: the embedded H2 file under store.dir. */
        String jdbcUrl(String key) {
            Optional<String> value = optional(key);
            if (value.isPresent() && !value.get().startsWith("jdbc:postgresql:") && !value.get().startsWith("jdbc:h2:")) {
                throw new InvalidSettingException(key, "must be a jdbc:postgresql:// (or jdbc:h2:) URL, not '" + value.get() + "'");
            }
            return value.orElse(null);
        }

        /** A comma-separated list of MQTT topic prefixes, no wildcards; empty when unset. */
        List<String> topicPrefixes(String key) {
            List<String> prefixes = optional(key).map(value -> List.of(value.split(","))).orElse(List.of()).stream()
                    .map(String::trim).filter(prefix -> !prefix.isEmpty()).toList();
            prefixes.forEach(prefix -> {
                if (prefix.contains("#") || prefix.contains("+") || prefix.startsWith("$")) {
                    throw new InvalidSettingException(key, "must list topic prefixes without '#', '+' or a leading '$', not '"
                            + prefix + "'");
                }
            });
            return prefixes;
        }

        String domain(String key) {
            String value = required(key);
            if (!value.startsWith("/")) {
                throw new InvalidSettingException(key, "must be a domain path starting with '/', not '" + value + "'");
            }
            return value.endsWith("/") ? value : value + "/";
        }

        private long number(String key) {
            String value = required(key);
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new InvalidSettingException(key, "must be a whole number, not '" + value + "'");
            }
        }
    }
}
