package io.thinedge.eventhandlers.sink.kafka;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.thinedge.eventhandlers.config.InvalidSettingException;
import io.thinedge.eventhandlers.handler.InvalidHandlerException;

/**
 * The Kafka producer properties of each domain, from configuration, for handlers whose
 * connectionConfig says {@code "type":"domainProperties"}:
 * {@code kafka.domain./tenant/site/.bootstrap.servers = broker:9092}. A handler uses the set of its
 * own domain, or else of the nearest parent domain that has one (sets are not merged).
 *
 * <p>These come from the gateway's configuration, not from the REST API, so properties naming local
 * files (an {@code ssl.truststore.location}, say) are allowed here. Each set is checked when read
 * ({@link ProducerSettings#check}: Kafka's definitions and the forced settings); a set that fails
 * is reported at ERROR, naming the key, and is not used: the forwarder starts, and its handlers
 * (and new ones asking for it) are refused with that reason.
 */
public final class KafkaDomainProperties {

    public static final String PREFIX = "kafka.domain.";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaDomainProperties.class);

    /** Replaced whole when the configuration is re-read; sinks built from then on use the new sets. */
    private volatile Sets sets;

    /** The sets by domain, and why a domain's set cannot be used (naming the key). */
    private record Sets(Map<String, Properties> byDomain, Map<String, String> problems) {
    }

    private KafkaDomainProperties(Sets sets) {
        this.sets = sets;
    }

    public static KafkaDomainProperties none() {
        return new KafkaDomainProperties(new Sets(Map.of(), Map.of()));
    }

    /**
     * Reads every {@code kafka.domain.<domain>.<property>} key of {@code config}.
     *
     * @throws InvalidSettingException naming the key when its domain is not a path ending with {@code /}
     *                                 (a set whose values fail is reported, not thrown)
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
        Map<String, String> problems = new TreeMap<>();
        byDomain.forEach((domain, properties) -> problem(domain, properties).ifPresent(problem -> {
            LOG.error("The Kafka properties of domain {} are not used: {}", domain, problem);
            problems.put(domain, problem);
        }));
        return new KafkaDomainProperties(new Sets(byDomain, problems));
    }

    private static Optional<String> problem(String domain, Properties properties) {
        if (properties.getProperty("bootstrap.servers", "").isBlank()) {
            return Optional.of(PREFIX + domain + ".bootstrap.servers: is missing: the set must name the brokers");
        }
        try {
            ProducerSettings.check(properties, key -> PREFIX + domain + "." + key);
            return Optional.empty();
        } catch (InvalidHandlerException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Takes over the sets of {@code newer} (the configuration was re-read). */
    public void replaceWith(KafkaDomainProperties newer) {
        this.sets = newer.sets;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KafkaDomainProperties that && sets.byDomain().equals(that.sets.byDomain());
    }

    @Override
    public int hashCode() {
        return sets.byDomain().hashCode();
    }

    /**
     * The properties of {@code domain} or of its nearest parent that has some.
     *
     * @throws InvalidHandlerException naming {@code connectionConfig.type} and the configuration key
     *                                 when that set failed its check
     */
    public Optional<Properties> forDomain(String domain) {
        Sets current = sets;
        String candidate = domain.endsWith("/") ? domain : domain + "/";
        while (true) {
            Properties properties = current.byDomain().get(candidate);
            if (properties != null) {
                String problem = current.problems().get(candidate);
                if (problem != null) {
                    throw new InvalidHandlerException("connectionConfig.type", "domainProperties: the Kafka properties "
                            + "configured for domain " + candidate + " cannot be used: " + problem);
                }
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
