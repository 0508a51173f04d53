package io.thinedge.eventhandlers.api;

import java.util.Set;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.thinedge.eventhandlers.sink.kafka.KafkaKamelets;
import io.thinedge.eventhandlers.sink.kamelet.KameletAllowList;
import io.thinedge.eventhandlers.sink.kamelet.KameletCatalog;
import io.thinedge.eventhandlers.sink.kamelet.KameletConfig;
import io.thinedge.eventhandlers.sink.kamelet.KameletSchema;

/**
 * What the API knows of {@code kamelet} handlers: the Kamelets a domain may use
 * ({@link KameletAllowList}: another is a 403), their properties validated against the named
 * Kamelet's schema and template, and their secrets (properties the schema marks
 * {@code format: password}, or whose name says so should the Kamelet be gone) masked in every answer.
 *
 * <p>Set once at start ({@link #use}): the handler JSON is written and read by static helpers.
 */
public final class KameletHandlers {

    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|secret|token|credential|api[-_]?key).*");
    private static volatile KameletCatalog catalog;
    private static volatile KameletAllowList allowed;

    private KameletHandlers() {
    }

    public static void use(KameletCatalog kamelets, KameletAllowList allowList) {
        catalog = kamelets;
        allowed = allowList;
    }

    static KameletCatalog catalog() {
        KameletCatalog current = catalog;
        if (current == null) {
            throw new IllegalStateException("The Kamelet catalog is not set up");
        }
        return current;
    }

    /**
     * @throws ApiException 403 when the domain may not use the Kamelet
     * @throws io.thinedge.eventhandlers.handler.InvalidHandlerException naming the field
     */
    static void validate(JsonNode connectionConfig, String domain) {
        KameletConfig config = KameletConfig.from(connectionConfig);
        checkAllowed(config.kamelet(), domain);
        KameletSchema schema = catalog().sink(config.kamelet());
        // a Kamelet that produces to Kafka: usable at all, and its producer settings pass the Kafka handlers' policy
        KafkaKamelets.check(schema, config.properties());
        schema.validate(config.properties(), catalog().endpointSchemes(schema));
    }

    /** @throws ApiException 403 naming the Kamelet when handlers in {@code domain} may not use it */
    static void checkAllowed(String kamelet, String domain) {
        KameletAllowList current = allowed;
        if (current != null && !current.allows(domain, kamelet)) {
            throw new ApiException(403, "connectionConfig.kamelet: Kamelet " + kamelet + " is not allowed for domain "
                    + domain + " (" + KameletAllowList.ALLOWED + ", " + KameletAllowList.DOMAIN_PREFIX
                    + "<domain>.allowed in the gateway's configuration)");
        }
    }

    /** The Kamelet sinks handlers in the request's domain may name, with their schemas. */
    static void types(Exchange exchange) {
        String domain = exchange.getProperty(ApiAccess.DOMAIN, String.class);
        ArrayNode types = JsonNodeFactory.instance.arrayNode();
        catalog().sinks().stream().filter(schema -> allowed == null || allowed.allows(domain, schema.name()))
                .forEach(schema -> types.add(schema.toJson()));
        JsonExchange.respond(exchange, 200, types);
    }

    /** True for a kamelet handler's connectionConfig. */
    static boolean isKameletConfig(JsonNode config) {
        return config != null && config.has(KameletConfig.KAMELET_FIELD);
    }

    /** The properties the schema of the Kamelet the config names marks secret (its file read once). */
    private static Set<String> schemaSecrets(JsonNode config) {
        KameletCatalog current = catalog;
        return current == null ? Set.of()
                : current.find(config.path(KameletConfig.KAMELET_FIELD).asText()).map(KameletSchema::secrets).orElse(Set.of());
    }

    static void mask(ObjectNode config) {
        if (config.get(KameletConfig.PROPERTIES_FIELD) instanceof ObjectNode properties) {
            Set<String> secrets = schemaSecrets(config);
            properties.fieldNames().forEachRemaining(name -> {
                if (!properties.get(name).isNull() && (secrets.contains(name) || SECRET_NAME.matcher(name).matches())) {
                    properties.put(name, SecretMasking.PLACEHOLDER);
                }
            });
        }
    }

    static void restore(ObjectNode config, JsonNode stored) {
        if (config.get(KameletConfig.PROPERTIES_FIELD) instanceof ObjectNode properties) {
            properties.fieldNames().forEachRemaining(name -> {
                if (SecretMasking.PLACEHOLDER.equals(properties.path(name).asText(null))) {
                    JsonNode kept = stored == null ? null : stored.path(KameletConfig.PROPERTIES_FIELD).get(name);
                    if (kept == null || kept.isNull()) {
                        throw SecretMasking.placeholderWithoutValue("connectionConfig.properties." + name);
                    }
                    properties.set(name, kept);
                }
            });
        }
    }
}
