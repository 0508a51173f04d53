package io.thinedge.eventhandlers.sink.kamelet;

import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.thinedge.eventhandlers.event.Event;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerType;
import io.thinedge.eventhandlers.sink.EventPayloads;
import io.thinedge.eventhandlers.sink.HandlerSinks;
import io.thinedge.eventhandlers.sink.Secrets;
import io.thinedge.eventhandlers.sink.Sink;
import io.thinedge.eventhandlers.sink.kafka.KafkaKamelets;

/**
 * {@code kamelet} handlers: any Kamelet sink of the {@link KameletCatalog} that the domain may use
 * ({@link KameletAllowList}), its properties validated against the Kamelet's schema and template;
 * their secrets (properties the schema marks {@code format: password}, or whose name says so
 * should the Kamelet be gone) are masked.
 */
public final class KameletSink implements Sink {

    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|secret|token|credential|api[-_]?key).*");

    private final KameletCatalog catalog;
    private final KameletAllowList allowed;

    public KameletSink(KameletCatalog catalog, KameletAllowList allowed) {
        this.catalog = catalog;
        this.allowed = allowed;
    }

    @Override
    public HandlerType type() {
        return HandlerType.KAMELET;
    }

    public KameletCatalog catalog() {
        return catalog;
    }

    @Override
    public String kamelet(JsonNode connectionConfig) {
        return KameletConfig.from(connectionConfig).kamelet();
    }

    /** True when handlers in {@code domain} may deliver through the Kamelet (a built-in type's too). */
    public boolean allows(String domain, String kamelet) {
        return allowed.allows(domain, kamelet);
    }

    /** The allow lists as configured now, by domain: to notice that they changed. */
    public Map<String, Set<String>> allowLists() {
        return allowed.lists();
    }

    @Override
    public void validate(JsonNode connectionConfig, String domain) {
        KameletConfig config = KameletConfig.from(connectionConfig);
        KameletSchema schema = catalog.sink(config.kamelet());
        // a Kamelet that produces to Kafka: usable at all, and its producer settings pass the Kafka handlers' policy
        KafkaKamelets.check(schema, config.properties());
        schema.validate(config.properties(), catalog.endpointSchemes(schema));
    }

    /** The Kamelet sinks handlers in {@code domain} may name, with their schemas. */
    public ArrayNode types(String domain) {
        ArrayNode types = JsonNodeFactory.instance.arrayNode();
        catalog.sinks().stream().filter(schema -> allowed.allows(domain, schema.name()))
                .forEach(schema -> types.add(schema.toJson()));
        return types;
    }

    /** The properties the schema of the Kamelet the config names marks secret (its file read once). */
    private Set<String> schemaSecrets(JsonNode config) {
        return catalog.find(config.path(KameletConfig.KAMELET_FIELD).asText()).map(KameletSchema::secrets).orElse(Set.of());
    }

    /** Only a config naming a Kamelet has Kamelet properties. */
    @Override
    public void maskSecrets(ObjectNode config) {
        if (config.has(KameletConfig.KAMELET_FIELD) && config.get(KameletConfig.PROPERTIES_FIELD) instanceof ObjectNode properties) {
            Set<String> secrets = schemaSecrets(config);
            properties.fieldNames().forEachRemaining(name -> {
                if (!properties.get(name).isNull() && (secrets.contains(name) || SECRET_NAME.matcher(name).matches())) {
                    properties.put(name, Secrets.PLACEHOLDER);
                }
            });
        }
    }

    @Override
    public void restoreSecrets(ObjectNode config, JsonNode stored) {
        if (config.has(KameletConfig.KAMELET_FIELD) && config.get(KameletConfig.PROPERTIES_FIELD) instanceof ObjectNode properties) {
            properties.fieldNames().forEachRemaining(name -> {
                if (Secrets.PLACEHOLDER.equals(properties.path(name).asText(null))) {
                    JsonNode kept = stored.path(KameletConfig.PROPERTIES_FIELD).get(name);
                    if (kept == null || kept.isNull()) {
                        throw Secrets.placeholderWithoutValue("connectionConfig.properties." + name);
                    }
                    properties.set(name, kept);
                }
            });
        }
    }

    @Override
    public String endpoint(String setupId, EventHandler handler) {
        KameletConfig config = KameletConfig.from(handler.connectionConfig());
        return HandlerSinks.kameletUri(config.kamelet(), setupId, config.properties());
    }

    /** The generic JSON: any Kamelet sink expects text, not the forwarder's event object. */
    @Override
    public Object sinkBody(Event event) {
        return EventPayloads.genericJson(event);
    }

    @Override
    public Optional<String> contentType() {
        return Optional.of("application/json");
    }
}
