package io.thinedge.eventhandlers.sink.smartrest;

import java.net.URI;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.thinedge.eventhandlers.sink.ConfigFields;
import io.thinedge.eventhandlers.sink.webhook.WebhookAuth;

/**
 * A SmartREST handler's connectionConfig (SPEC §4).
 *
 * @param topicPrefix the Cumulocity MQTT topic prefix, {@code c8y} by default
 * @param uri         the tenant's base URL for events too large for MQTT, if any
 * @param auth        credentials for that URL
 * @param sourceId    the managed-object id of the main device, if known
 */
public record SmartRestHandlerConfig(String topicPrefix, Optional<URI> uri, WebhookAuth auth, Optional<String> sourceId) {

    public static final String DEFAULT_PREFIX = "c8y";

    public static SmartRestHandlerConfig from(JsonNode connectionConfig) {
        // python-coiote may send no connectionConfig at all for this type: every field is optional
        ConfigFields fields = new ConfigFields(connectionConfig == null || connectionConfig.isNull()
                ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : connectionConfig,
                "connectionConfig");
        String prefix = fields.optionalText("topicPrefix").filter(value -> !value.isBlank()).orElse(DEFAULT_PREFIX);
        if (prefix.contains("#") || prefix.contains("+")) {
            throw new io.thinedge.eventhandlers.handler.InvalidHandlerException(fields.path("topicPrefix"),
                    "must not contain MQTT wildcards");
        }
        Optional<URI> uri = fields.isSet("uri") ? Optional.of(fields.httpUri("uri")) : Optional.empty();
        // the tenant's base URL: its paths are appended, and the whole goes to a toD whose query Camel
        // would read as endpoint options
        if (uri.isPresent() && (uri.get().getRawQuery() != null || uri.get().getRawFragment() != null)) {
            throw new io.thinedge.eventhandlers.handler.InvalidHandlerException(fields.path("uri"),
                    "must be the tenant's base URL, without a query or fragment");
        }
        return new SmartRestHandlerConfig(prefix, uri, WebhookAuth.from(fields.child("auth"), fields.path("auth")),
                fields.optionalText("sourceId").filter(value -> !value.isBlank()));
    }
}
