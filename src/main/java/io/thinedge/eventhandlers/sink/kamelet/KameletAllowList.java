package io.thinedge.eventhandlers.sink.kamelet;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.thinedge.eventhandlers.config.InvalidSettingException;

/**
 * Which Kamelets the handlers of a domain may deliver through, from configuration:
 * {@code kamelet.allowed} for every domain, {@code kamelet.domain.<domain>.allowed} for a domain
 * and those under it (the nearest one set wins, lists are not merged; it may open more than
 * {@code kamelet.allowed}). Only the gateway's configuration sets them, which is the root
 * domain's administrator's: no API caller can.
 *
 * <p>Read afresh at every check (an API request), so an edited property file counts at once; a
 * file that no longer reads as valid keeps the lists read last, with a warning.
 */
public final class KameletAllowList {

    public static final String PREFIX = "kamelet.";
    public static final String ALLOWED = "kamelet.allowed";
    public static final String DOMAIN_PREFIX = "kamelet.domain.";
    /**
     * Without {@code kamelet.allowed}: the built-in types' sinks and the catalog's sinks that only
     * reach a network service with nothing but the handler's own values. Not log-sink (it writes
     * into the gateway's log), nor the Kafka ones that read key stores from files (kafka-ssl-sink)
     * or write user and password into a JAAS line (kafka-sink, kafka-scram-sink: the {@code kafka}
     * handler type does SASL with its login-module checks), nor the apicurio ones (they name
     * serializer classes).
     */
    public static final List<String> DEFAULT = List.of("tedge-kafka-sink", "tedge-webhook-sink", "tedge-smartrest-sink",
            "http-sink", "mqtt5-sink", "kafka-not-secured-sink");

    private static final Logger LOG = LoggerFactory.getLogger(KameletAllowList.class);

    private final Supplier<Properties> settings;
    private volatile Map<String, Set<String>> byDomain;

    /**
     * @param settings every {@code kamelet.*} key and its value, as configured now
     * @throws InvalidSettingException naming the key when one is not valid
     */
    public KameletAllowList(Supplier<Properties> settings) {
        this.settings = settings;
        this.byDomain = read(settings.get());
    }

    /** The Kamelets handlers in {@code domain} may name. */
    public Set<String> forDomain(String domain) {
        Map<String, Set<String>> lists = current();
        String candidate = domain.endsWith("/") ? domain : domain + "/";
        while (!lists.containsKey(candidate) && !candidate.equals("/")) {
            candidate = candidate.substring(0, candidate.lastIndexOf('/', candidate.length() - 2) + 1);
        }
        return lists.getOrDefault(candidate, Set.copyOf(DEFAULT));
    }

    /** Every list by the domain it is set for, as configured now ({@code /}: {@code kamelet.allowed}). */
    public Map<String, Set<String>> lists() {
        return Map.copyOf(current());
    }

    public boolean allows(String domain, String kamelet) {
        return forDomain(domain).contains(kamelet);
    }

    private Map<String, Set<String>> current() {
        try {
            byDomain = read(settings.get());
        } catch (RuntimeException e) {
            LOG.warn("Kamelet allow lists ({}*) kept as read before: {}", PREFIX, e.getMessage());
        }
        return byDomain;
    }

    /** By domain; {@code kamelet.allowed} is the root domain's unless {@code kamelet.domain./.allowed} says otherwise. */
    private static Map<String, Set<String>> read(Properties config) {
        Map<String, Set<String>> lists = new TreeMap<>();
        String global = config.getProperty(ALLOWED);
        if (global != null) {
            lists.put("/", names(ALLOWED, global));
        }
        for (String key : config.stringPropertyNames()) {
            if (key.equals(ALLOWED)) {
                continue;
            }
            String domain = key.startsWith(DOMAIN_PREFIX) && key.endsWith("/.allowed")
                    ? key.substring(DOMAIN_PREFIX.length(), key.length() - ".allowed".length()) : "";
            if (!domain.startsWith("/")) {
                throw new InvalidSettingException(key, "is not a Kamelet setting: use " + ALLOWED + " or " + DOMAIN_PREFIX
                        + "<domain>.allowed with a domain such as /tenant/site/ ending with '/'");
            }
            lists.put(domain, names(key, config.getProperty(key)));
        }
        return lists;
    }

    private static Set<String> names(String key, String value) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : value.split(",")) {
            String trimmed = name.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!trimmed.matches("[a-z0-9][a-z0-9-]*")) {
                throw new InvalidSettingException(key, "must be a comma list of Kamelet names, not '" + trimmed + "'");
            }
            names.add(trimmed);
        }
        return Set.copyOf(names);
    }
}
