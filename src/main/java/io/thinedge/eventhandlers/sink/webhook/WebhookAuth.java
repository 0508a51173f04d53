package io.thinedge.eventhandlers.sink.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.thinedge.eventhandlers.handler.InvalidHandlerException;
import io.thinedge.eventhandlers.sink.ConfigFields;

/**
 * How a handler authenticates to its receiver: one small strategy per scheme of Coiote's model.
 * Each yields the {@code Authorization} header value, if any.
 */
public sealed interface WebhookAuth {

    Optional<String> authorizationHeader();

    /** No authentication ({@code auth: null}). */
    record None() implements WebhookAuth {
        @Override
        public Optional<String> authorizationHeader() {
            return Optional.empty();
        }
    }

    /** {@code {"type":"basic","user":…,"password":…}}. */
    record Basic(String user, String password) implements WebhookAuth {
        @Override
        public Optional<String> authorizationHeader() {
            String credentials = user + ":" + password;
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public String toString() {
            return "Basic[user=" + user + ", password=***]";
        }
    }

    /** {@code {"type":"token","token":…}}: sent as a Bearer token. */
    record Token(String token) implements WebhookAuth {
        @Override
        public Optional<String> authorizationHeader() {
            return Optional.of("Bearer " + token);
        }

        @Override
        public String toString() {
            return "Token[***]";
        }
    }

    /** {@code {"type":"customAuth","value":…}}: the {@code Authorization} header verbatim. */
    record Custom(String value) implements WebhookAuth {
        @Override
        public Optional<String> authorizationHeader() {
            return Optional.of(value);
        }

        @Override
        public String toString() {
            return "Custom[***]";
        }
    }

    /** Reads {@code auth} of a connectionConfig; {@code fieldPath} is e.g. {@code connectionConfig.auth}. */
    static WebhookAuth from(JsonNode auth, String fieldPath) {
        if (auth == null || auth.isNull()) {
            return new None();
        }
        ConfigFields fields = new ConfigFields(auth, fieldPath);
        String type = fields.optionalText("type").orElseThrow(
                () -> new InvalidHandlerException(fields.path("type"), "is required: basic, token or customAuth"));
        return switch (type) {
            case "basic" -> new Basic(fields.requiredText("user"), fields.requiredText("password"));
            case "token" -> new Token(fields.requiredText("token"));
            case "customAuth" -> new Custom(fields.requiredText("value"));
            default -> throw new InvalidHandlerException(fields.path("type"),
                    "must be one of basic, token, customAuth, not '" + type + "'");
        };
    }
}
