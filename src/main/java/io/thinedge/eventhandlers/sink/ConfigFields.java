package io.thinedge.eventhandlers.sink;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.thinedge.eventhandlers.handler.InvalidHandlerException;

/**
 * Reads fields of a handler's {@code connectionConfig} JSON, naming the field in every error.
 * A missing field and {@code null} mean the same: unset (python-coiote sends every field).
 */
public final class ConfigFields {

    private final JsonNode node;
    private final String path;

    public ConfigFields(JsonNode node, String path) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw new InvalidHandlerException(path, "is required");
        }
        if (!node.isObject()) {
            throw new InvalidHandlerException(path, "must be a JSON object");
        }
        this.node = node;
        this.path = path;
    }

    public String path(String field) {
        return path + "." + field;
    }

    public boolean isSet(String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    public Optional<String> optionalText(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new InvalidHandlerException(path(field), "must be a string");
        }
        return Optional.of(value.textValue());
    }

    public String requiredText(String field) {
        String value = optionalText(field).orElseThrow(() -> new InvalidHandlerException(path(field), "is required"));
        if (value.isBlank()) {
            throw new InvalidHandlerException(path(field), "must not be empty");
        }
        return value;
    }

    /** An optional word from a fixed set, compared without case; returns it in the set's spelling. */
    public Optional<String> optionalChoice(String field, String... choices) {
        return optionalText(field).map(value -> {
            for (String choice : choices) {
                if (choice.equalsIgnoreCase(value)) {
                    return choice;
                }
            }
            throw new InvalidHandlerException(path(field), "must be one of " + String.join(", ", choices) + ", not '"
                    + value + "'");
        });
    }

    /** An optional whole number from {@code min} to {@code max}, e.g. a webhook's {@code maxInFlight}. */
    public Optional<Integer> optionalInt(String field, int min, int max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
            throw new InvalidHandlerException(path(field), "must be a whole number from " + min + " to " + max + ", not "
                    + value);
        }
        return Optional.of(value.intValue());
    }

    /** An optional map of strings, e.g. {@code additionalHeaders}; empty when unset. */
    public Map<String, String> stringMap(String field) {
        JsonNode value = node.get(field);
        Map<String, String> map = new LinkedHashMap<>();
        if (value == null || value.isNull()) {
            return map;
        }
        if (!value.isObject()) {
            throw new InvalidHandlerException(path(field), "must be a JSON object of strings");
        }
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            if (!entry.getValue().isTextual()) {
                throw new InvalidHandlerException(path(field) + "." + entry.getKey(), "must be a string");
            }
            map.put(entry.getKey(), entry.getValue().textValue());
        }
        return map;
    }

    public JsonNode child(String field) {
        return node.get(field);
    }

    /** An absolute http or https URI. */
    public URI httpUri(String field) {
        String text = requiredText(field);
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getRawUserInfo() != null || uri.getRawAuthority() != null && uri.getRawAuthority().contains("@")) {
                // never echoed: it would put a password into the answer (and the HTTP client refuses userinfo anyway)
                throw new InvalidHandlerException(path(field), "must not hold credentials (user:password@); "
                        + "use connectionConfig.auth {\"type\":\"basic\"} instead");
            }
            if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new InvalidHandlerException(path(field), "must be an absolute http or https URI, not '" + text + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new InvalidHandlerException(path(field), "is not a valid URI: " + e.getReason());
        }
    }
}
