package io.thinedge.eventhandlers.sink.webhook;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.thinedge.eventhandlers.sink.Secrets;

/**
 * The secret of a connectionConfig's {@code auth} ({@link WebhookAuth}, of webhook and SmartREST
 * handlers): {@code auth.password}, {@code auth.token} or {@code auth.value}. A PUT that sends the
 * placeholder back, or null, keeps the stored one.
 */
public final class AuthSecrets {

    private static final Map<String, String> AUTH_SECRETS = Map.of("basic", "password", "token", "token", "customAuth", "value");

    private AuthSecrets() {
    }

    public static void mask(ObjectNode config) {
        if (config.get("auth") instanceof ObjectNode auth) {
            String field = AUTH_SECRETS.get(auth.path("type").asText());
            if (field != null && auth.hasNonNull(field)) {
                auth.put(field, Secrets.PLACEHOLDER);
            }
        }
    }

    /** @param stored the stored connectionConfig, an empty object when nothing is stored */
    public static void restore(ObjectNode config, JsonNode stored) {
        if (config.get("auth") instanceof ObjectNode auth) {
            String type = auth.path("type").asText();
            String field = AUTH_SECRETS.get(type);
            JsonNode value = auth.get(field);
            boolean keep = field != null && (value == null || value.isNull() || Secrets.PLACEHOLDER.equals(value.asText()));
            JsonNode storedAuth = stored.path("auth");
            if (keep && storedAuth.path("type").asText().equals(type) && storedAuth.path(field).isTextual()) {
                auth.set(field, storedAuth.get(field));
            } else if (keep && value != null && Secrets.PLACEHOLDER.equals(value.asText())) {
                throw Secrets.placeholderWithoutValue("connectionConfig.auth." + field);
            }
        }
    }
}
