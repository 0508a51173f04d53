package io.thinedge.eventhandlers.api;

import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.thinedge.eventhandlers.handler.InvalidHandlerException;

/**
 * The secrets of a connectionConfig (SPEC §5): {@code auth.password}, {@code auth.token},
 * {@code auth.value}, credential-like {@code additionalHeaders}, and secrets inside Kafka
 * properties text. They leave the API as one fixed placeholder; a PUT that sends the placeholder
 * back (or null for an auth secret) keeps the stored value.
 */
public final class SecretMasking {

    public static final String PLACEHOLDER = "******";

    private static final Map<String, String> AUTH_SECRETS = Map.of("basic", "password", "token", "token", "customAuth", "value");
    /** Header names that may carry a credential (Coiote's guide names a "custom authorization header"). */
    private static final Pattern SECRET_HEADER = Pattern.compile(
            "(?i).*(auth|token|secret|password|passwd|key|cookie|signature|credential|session).*");
    /** Secrets of Coiote's short auth form, in case such a config was stored before it was mapped onto auth. */
    private static final java.util.List<String> SHORT_FORM_SECRETS = java.util.List.of("password", "token");

    private SecretMasking() {
    }

    /** A copy with every secret replaced by the placeholder. */
    public static JsonNode mask(JsonNode config) {
        if (!(config instanceof ObjectNode original)) {
            return config;
        }
        ObjectNode copy = original.deepCopy();
        if (copy.get("auth") instanceof ObjectNode auth) {
            String field = AUTH_SECRETS.get(auth.path("type").asText());
            if (field != null && auth.hasNonNull(field)) {
                auth.put(field, PLACEHOLDER);
            }
        }
        if (copy.get("additionalHeaders") instanceof ObjectNode headers) {
            headers.fieldNames().forEachRemaining(name -> {
                if (SECRET_HEADER.matcher(name).matches() && headers.get(name).isTextual()) {
                    headers.put(name, PLACEHOLDER);
                }
            });
        }
        if (copy.path("value").isTextual()) {
            copy.put("value", KafkaSecrets.mask(copy.get("value").textValue()));
        }
        if (KameletHandlers.isKameletConfig(copy)) {
            KameletHandlers.mask(copy);
        }
        SHORT_FORM_SECRETS.stream().filter(field -> copy.path(field).isTextual()).forEach(field -> copy.put(field, PLACEHOLDER));
        return copy;
    }

    /**
     * A copy of {@code incoming} with the placeholder (and null auth secrets) replaced by the
     * values in {@code stored} (null when nothing is stored).
     *
     * @throws InvalidHandlerException when the placeholder stands where nothing is stored
     */
    public static JsonNode restore(JsonNode incoming, JsonNode stored) {
        if (!(incoming instanceof ObjectNode original)) {
            return incoming;
        }
        ObjectNode copy = original.deepCopy();
        JsonNode storedConfig = stored == null ? copy.objectNode() : stored;
        if (copy.get("auth") instanceof ObjectNode auth) {
            String type = auth.path("type").asText();
            String field = AUTH_SECRETS.get(type);
            JsonNode value = auth.get(field);
            boolean keep = field != null && (value == null || value.isNull() || PLACEHOLDER.equals(value.asText()));
            JsonNode storedAuth = storedConfig.path("auth");
            if (keep && storedAuth.path("type").asText().equals(type) && storedAuth.path(field).isTextual()) {
                auth.set(field, storedAuth.get(field));
            } else if (keep && value != null && PLACEHOLDER.equals(value.asText())) {
                throw placeholderWithoutValue("connectionConfig.auth." + field);
            }
        }
        if (copy.get("additionalHeaders") instanceof ObjectNode headers) {
            headers.fieldNames().forEachRemaining(name -> {
                if (PLACEHOLDER.equals(headers.path(name).asText(null))) {
                    JsonNode kept = storedConfig.path("additionalHeaders").path(name);
                    if (!kept.isTextual()) {
                        throw placeholderWithoutValue("connectionConfig.additionalHeaders." + name);
                    }
                    headers.set(name, kept);
                }
            });
        }
        if (copy.path("value").isTextual()) {
            copy.put("value", KafkaSecrets.restore(copy.get("value").textValue(),
                    storedConfig.path("value").asText(null), "connectionConfig.value"));
        }
        if (KameletHandlers.isKameletConfig(copy)) {
            KameletHandlers.restore(copy, stored);
        }
        return copy;
    }

    static InvalidHandlerException placeholderWithoutValue(String field) {
        return new InvalidHandlerException(field, "is the placeholder " + PLACEHOLDER
                + " but there is no stored secret to keep; send the secret itself");
    }
}
