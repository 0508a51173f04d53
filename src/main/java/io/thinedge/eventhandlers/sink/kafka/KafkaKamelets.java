package io.thinedge.eventhandlers.sink.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import javax.security.auth.login.AppConfigurationEntry;

import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;

import io.thinedge.eventhandlers.handler.InvalidHandlerException;
import io.thinedge.eventhandlers.sink.kamelet.KameletSchema;

/**
 * The Kafka property policy for {@code kamelet} handlers whose Kamelet produces to Kafka (it
 * depends on {@code camel:kafka}: the catalog's {@code kafka-not-secured-sink}, {@code kafka-sink},
 * {@code kafka-scram-sink}, ...). Their properties that become producer settings are checked as a
 * Kafka handler's {@code custom} properties are ({@link KafkaPropertyPolicy}, {@link ProducerSettings});
 * those that go into the endpoint URI or the JAAS text must stay one value each.
 */
public final class KafkaKamelets {

    /** The Kamelet properties the catalog's Kafka sinks pass on as producer settings, by the setting they become. */
    static final Map<String, String> PRODUCER_KEYS = Map.ofEntries(
            Map.entry("bootstrapServers", "bootstrap.servers"),
            Map.entry("securityProtocol", "security.protocol"),
            Map.entry("saslMechanism", "sasl.mechanism"),
            Map.entry("keySerializer", "key.serializer"),
            Map.entry("valueSerializer", "value.serializer"),
            Map.entry("sslKeystoreLocation", "ssl.keystore.location"),
            Map.entry("sslTruststoreLocation", "ssl.truststore.location"),
            Map.entry("sslKeystorePassword", "ssl.keystore.password"),
            Map.entry("sslTruststorePassword", "ssl.truststore.password"),
            Map.entry("sslKeyPassword", "ssl.key.password"),
            Map.entry("sslProtocol", "ssl.protocol"),
            Map.entry("sslEnabledProtocols", "ssl.enabled.protocols"),
            Map.entry("sslEndpointAlgorithm", "ssl.endpoint.identification.algorithm"));
    /** The properties kafka-sink and kafka-scram-sink write into their sasl.jaas.config text, as option values. */
    static final List<String> JAAS_OPTIONS = List.of("user", "password");
    /** Catalog Kafka Kamelets that build a Kafka component of their own (a template bean), which the forced settings cannot reach. */
    static final Set<String> OWN_COMPONENT = Set.of("kafka-ssl-sink");
    /** One broker address: host (name, IPv4 or [IPv6]) and port; nothing that could start another URI parameter. */
    private static final Pattern BROKER = Pattern.compile("[A-Za-z0-9._-]+:\\d{1,5}|\\[[0-9A-Fa-f:.]+\\]:\\d{1,5}");

    private KafkaKamelets() {
    }

    /** True for a Kamelet that produces to Kafka. */
    public static boolean isKafka(KameletSchema kamelet) {
        return kamelet.dependencies().contains("camel:kafka");
    }

    /**
     * Checks the properties of a Kafka Kamelet handler; nothing for other Kamelets.
     *
     * @throws InvalidHandlerException naming {@code connectionConfig.kamelet} or {@code connectionConfig.properties.<name>}
     */
    public static void check(KameletSchema kamelet, Map<String, String> given) {
        if (!isKafka(kamelet)) {
            return;
        }
        if (OWN_COMPONENT.contains(kamelet.name())) {
            throw new InvalidHandlerException("connectionConfig.kamelet", "Kamelet '" + kamelet.name() + "' builds a Kafka "
                    + "component of its own, which the forwarder's producer settings (retries=0, max.block.ms) cannot reach");
        }
        Properties producer = new Properties();
        Map<String, String> propertyOfKey = new HashMap<>();
        given.forEach((name, value) -> {
            String key = PRODUCER_KEYS.get(name);
            if (key != null) {
                producer.setProperty(key, value);
                propertyOfKey.put(key, name);
            }
        });
        UnaryOperator<String> fieldOf = key -> field(propertyOfKey.get(key));
        KafkaPropertyPolicy.check(producer, fieldOf);
        ProducerSettings.check(producer, fieldOf);
        if (producer.containsKey("bootstrap.servers")) {
            checkBrokers(producer.getProperty("bootstrap.servers"), fieldOf.apply("bootstrap.servers"));
        }
        if (given.containsKey("topic")) {
            checkTopic(given.get("topic"));
        }
        JAAS_OPTIONS.stream().filter(given::containsKey).forEach(name -> checkJaasOption(name, given.get(name)));
    }

    private static void checkBrokers(String servers, String field) {
        for (String server : servers.split(",")) {
            if (!BROKER.matcher(server.trim()).matches()) {
                throw new InvalidHandlerException(field, "must be host:port[,host:port...], not '" + servers + "'");
            }
        }
    }

    /** Kafka's own rule for topic names, which also keeps the value from adding URI parameters to {@code kafka:<topic>}. */
    private static void checkTopic(String topic) {
        try {
            Topic.validate(topic);
        } catch (InvalidTopicException e) {
            throw new InvalidHandlerException(field("topic"), e.getMessage());
        }
    }

    /**
     * The value, written as the Kamelet writes it ({@code name="value"}), must read back as that one
     * option; and hold no {@code )}, which can end the {@code RAW(...)} the endpoint URI wraps the
     * JAAS text in (Camel then cuts the value short there).
     */
    private static void checkJaasOption(String name, String value) {
        if (value.contains(")")) {
            throw new InvalidHandlerException(field(name), "must not hold ')': the Kamelet's endpoint URI carries it "
                    + "in RAW(...), which a ')' ends; use a Kafka handler (custom properties) for such a value");
        }
        String jaas = KafkaPropertyPolicy.ALLOWED_LOGIN_MODULES.get(0) + " required option=\"" + value + "\";";
        List<AppConfigurationEntry> modules;
        try {
            modules = KafkaPropertyPolicy.loginModules(jaas, field(name));
        } catch (InvalidHandlerException e) {
            modules = List.of();
        }
        if (modules.size() != 1 || !modules.get(0).getOptions().equals(Map.of("option", value))) {
            throw new InvalidHandlerException(field(name), "must not hold characters that end a JAAS option value (\" or \\)");
        }
    }

    private static String field(String property) {
        return "connectionConfig.properties." + property;
    }
}
