package io.thinedge.eventhandlers.api;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.thinedge.eventhandlers.handler.EventFilter;
import io.thinedge.eventhandlers.handler.EventFilters;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerState;
import io.thinedge.eventhandlers.handler.HandlerType;
import io.thinedge.eventhandlers.handler.InvalidHandlerException;
import io.thinedge.eventhandlers.sink.HandlerSinks;
import io.thinedge.eventhandlers.sink.Sink;

/**
 * Reads a create or update body (SPEC §4): unknown fields are ignored, {@code null} means unset;
 * every error names its field. {@code id} and the read-only state fields are ignored.
 */
final class HandlerRequest {

    private final ObjectNode body;
    private final HandlerSinks sinks;

    HandlerRequest(ObjectNode body, HandlerSinks sinks) {
        this.body = body;
        this.sinks = sinks;
    }

    /** The domain the body names, normalised, or null. */
    String domain() {
        return isSet("domain") ? Domains.normalise(text("domain"), "domain") : null;
    }

    /** A new handler of {@code type} in {@code domain}, validated. */
    EventHandler toNewHandler(HandlerType type, String domain) {
        checkType(type);
        String name = text("name");
        if (name == null || name.isBlank()) {
            throw new InvalidHandlerException("name", "is required");
        }
        boolean enabled = bool("enabled", true);
        JsonNode config = connectionConfig(type, null, domain);
        EventFilter filter = EventFilters.fromJson(body.get("filter"));
        sinks.of(type).validateFilter(filter);
        return FieldSizes.check(new EventHandler(null, type, name, enabled, text("description"), domain, filter, config,
                HandlerState.initial(enabled)));
    }

    /** {@code stored} with the fields this body sets; secrets sent back as the placeholder are kept. */
    EventHandler applyTo(EventHandler stored) {
        checkType(stored.type());
        if (domain() != null && !domain().equals(stored.domain())) {
            throw new InvalidHandlerException("domain", "cannot be changed (the handler is in " + stored.domain() + ")");
        }
        String name = isSet("name") ? text("name") : stored.name();
        if (name.isBlank()) {
            throw new InvalidHandlerException("name", "must not be empty");
        }
        EventFilter filter = isSet("filter") ? EventFilters.fromJson(body.get("filter")) : stored.filter();
        if (isSet("filter")) {
            sinks.of(stored.type()).validateFilter(filter);
        }
        return FieldSizes.check(new EventHandler(stored.id(), stored.type(), name, bool("enabled", stored.enabled()),
                isSet("description") ? text("description") : stored.description(), stored.domain(), filter,
                changesConnectionConfig(stored.type())
                        ? connectionConfig(stored.type(), stored.connectionConfig(), stored.domain()) : stored.connectionConfig(),
                stored.state()));
    }

    /** A connectionConfig, or a top-level field of Coiote's documented shapes (a webhook's {@code additionalHeaders}). */
    private boolean changesConnectionConfig(HandlerType type) {
        return isSet("connectionConfig") || sinks.of(type).topLevelConfigFields().stream().anyMatch(this::isSet);
    }

    private JsonNode connectionConfig(HandlerType type, JsonNode stored, String domain) {
        Sink sink = sinks.of(type);
        JsonNode config = sink.nested(body, stored).get("connectionConfig");
        if ((config == null || config.isNull()) && sink.defaultConfig() != null) {
            config = sink.defaultConfig(); // e.g. every SmartREST setting has a default
        }
        JsonNode restored = SecretMasking.restore(sinks, config, stored);
        ConnectionConfigs.validate(sink, sinks.kamelets(), restored, domain, sinks.topicPrefixes());
        return restored;
    }

    private void checkType(HandlerType type) {
        if (isSet("type") && !type.apiName().equals(body.get("type").asText())) {
            throw new InvalidHandlerException("type", "must be '" + type.apiName() + "' on this path, not '"
                    + body.get("type").asText() + "'");
        }
    }

    /** The body's {@code enabled}; empty when it leaves it out (or null): the state stays as stored. */
    Optional<Boolean> enabled() {
        return isSet("enabled") ? Optional.of(bool("enabled", true)) : Optional.empty();
    }

    private boolean isSet(String field) {
        return body.hasNonNull(field);
    }

    private String text(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidHandlerException(field, "must be a string");
        }
        return value.textValue();
    }

    private boolean bool(String field, boolean unset) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return unset;
        }
        if (!value.isBoolean()) {
            throw new InvalidHandlerException(field, "must be true or false");
        }
        return value.booleanValue();
    }
}
