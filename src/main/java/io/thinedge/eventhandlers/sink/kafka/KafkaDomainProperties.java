package io.thinedge.eventhandlers.sink.kafka;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

import io.thinedge.eventhandlers.config.InvalidSettingException;

/**
 * The Kafka producer properties of each domain, from configuration, for handlers whose
 * connectionConfig says {@code "type":"domainProperties"}:
 * {@code kafka.domain./tenant/site/.bootstrap.servers = broker:9092}. A handler uses the set of its
 * own domain, or else of the nearest parent domain that has one (sets are not merged).
 *
 * <p>These come from the gateway's configuration, not from the REST API, so properties naming local
 * files (an {@code ssl.truststore.location}, say) are allowed here.
 */
public final class KafkaDomainProperties {

    public static final String PREFIX = "kafka.domain.";

    /** Replaced whole when the configuration is re-read; sinks built from then on use the new sets. */
    private volatile Map<String, Properties> byDomain;

    private KafkaDomainProperties(Map<String, Properties> byDomain) {
        this.byDomain = byDomain;
    }

    public static KafkaDomainProperties none() {
        return new KafkaDomainProperties(Map.of());
    }

    /**
     * Reads every {@code kafka.domain.<domain>.<property>} key of {@code config}.
     *
     * @throws InvalidSettingException naming the key when its domain is not a path ending with {@code /}
     */
    public static KafkaDomainProperties from(Properties config) {
        Map<String, Properties> byDomain = new TreeMap<>();
        for (String key : config.stringPropertyNames()) {
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            String rest = key.substring(PREFIX.length());
            int end = rest.lastIndexOf("/.");
            if (!rest.startsWith("/") || end < 0 || end + 2 >= rest.length()) {
                throw new InvalidSettingException(key, "must be kafka.domain.<domain>.<property>, with a domain such as "
                        + "/tenant/site/ ending with '/', e.g. kafka.domain./tenant/site/.bootstrap.servers");
            }
            String domain = rest.substring(0, end + 1);
            String property = rest.substring(end + 2);
            byDomain.computeIfAbsent(domain, d -> new Properties()).setProperty(property, config.getProperty(key).trim());
        }
        byDomain.forEach((domain, properties) -> {
            if (properties.getProperty("bootstrap.servers", "").isBlank()) {
                throw new InvalidSettingException(PREFIX + domain + ".bootstrap.servers", "is missing: the Kafka "
                        + "properties of domain " + domain + " must name the brokers");
            }
        });
        return new KafkaDomainProperties(byDomain);
    }

    /** Takes over the sets of {@code newer} (the configuration was re-read). */
    public void replaceWith(KafkaDomainProperties newer) {
        this.byDomain = newer.byDomain;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KafkaDomainProperties that && byDomain.equals(that.byDomain);
    }

    @Override
    public int hashCode() {
        return byDomain.hashCode();
    }

    /** The properties of {@code domain} or of its nearest parent that has some. */
    public Optional<Properties> forDomain(String domain) {
        String candidate = domain.endsWith("/") ? domain : domain + "/";
        while (true) {
            Properties properties = byDomain.get(candidate);
            if (properties != null) {
                Properties copy = new Properties();
                copy.putAll(properties);
                return Optional.of(copy);
            }
            if (candidate.equals("/")) {
                return Optional.empty();
            }
            candidate = candidate.substring(0, candidate.lastIndexOf('/', candidate.length() - 2) + 1);
        }
    }
}
