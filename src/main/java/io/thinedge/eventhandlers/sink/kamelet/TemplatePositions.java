package io.thinedge.eventhandlers.sink.kamelet;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.thinedge.eventhandlers.handler.InvalidHandlerException;

/**
 * Where a Kamelet's template ({@code spec.template}) puts each of its properties, and so what a
 * value may hold there. Camel pastes a value into the template's text as it is: at the start of
 * an endpoint URI it picks the component ({@code file:}, {@code bean:} ...); inside a URI a
 * {@code &} or {@code ?} adds endpoint options, and an option value starting with {@code #}
 * looks up a bean or builds a class ({@code #class:...}); in a {@code simple} expression
 * {@code ${...}} is evaluated. So:
 * <ul>
 * <li>a property that starts an endpoint URI must be a URI of one of the schemes the Kamelet's
 * own components answer to ({@code http-sink}: http, https), without options that refer to beans;
 * <li>a property elsewhere in an endpoint URI (or its {@code parameters}, or a {@code beans}
 * entry) must not hold {@code &} or {@code ?} and must not start with {@code #} or {@code RAW(};
 * <li>a property in a {@code simple} expression must not hold {@code ${}.
 * </ul>
 */
final class TemplatePositions {

    enum Position { URI_START, IN_URI, IN_SIMPLE }

    /** The YAML DSL keys whose text is an endpoint URI. */
    private static final Set<String> ENDPOINT_KEYS = Set.of("to", "toD", "wireTap", "enrich", "pollEnrich", "from", "uri");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\??([^}:]+)(:[^}]*)?}}");
    private static final Pattern SCHEME = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*):.*", Pattern.DOTALL);
    /** An option value that Camel resolves as a reference: {@code =#bean}, {@code =%23...}, {@code =RAW(#...)}. */
    private static final Pattern REFERENCE_OPTION = Pattern.compile("(?i)=(raw[({])?(#|%23)");
    private static final Pattern REFERENCE_VALUE = Pattern.compile("(?i)^(#|%23|raw[({]).*", Pattern.DOTALL);

    private final Map<String, EnumSet<Position>> byProperty = new HashMap<>();

    TemplatePositions(JsonNode template) {
        walk(template, false);
    }

    Set<Position> of(String property) {
        return byProperty.getOrDefault(property, EnumSet.noneOf(Position.class));
    }

    /**
     * @param schemes the schemes a URI at the start of an endpoint may have
     * @throws InvalidHandlerException naming {@code connectionConfig.properties.<property>}
     */
    void check(String property, String value, Set<String> schemes) {
        Set<Position> positions = of(property);
        if (positions.contains(Position.URI_START)) {
            Matcher scheme = SCHEME.matcher(value.trim());
            if (!scheme.matches() || !schemes.contains(scheme.group(1).toLowerCase(Locale.ROOT))) {
                throw invalid(property, "must be a URI starting with " + String.join(":, ", schemes.stream().sorted().toList())
                        + ": (the Kamelet sends to it)");
            }
            int query = value.indexOf('?');
            if (query >= 0 && REFERENCE_OPTION.matcher(value.substring(query)).find()) {
                throw invalid(property, "must not have an option whose value starts with '#' (a bean or class reference)");
            }
        }
        if (positions.contains(Position.IN_URI)) {
            if (value.contains("&") || value.contains("?")) {
                throw invalid(property, "must not contain '&' or '?' (the Kamelet puts it into an endpoint URI, where "
                        + "they would add endpoint options)");
            }
            if (REFERENCE_VALUE.matcher(value.trim()).matches()) {
                throw invalid(property, "must not start with '#' or 'RAW(' (Camel would read a bean or class reference)");
            }
        }
        if (positions.contains(Position.IN_SIMPLE) && value.contains("${")) {
            throw invalid(property, "must not contain '${' (the Kamelet puts it into a simple expression)");
        }
    }

    private void walk(JsonNode node, boolean inBeans) {
        if (node.isArray()) {
            node.forEach(item -> walk(item, inBeans));
            return;
        }
        node.fields().forEachRemaining(field -> {
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (value.isTextual()) {
                if (ENDPOINT_KEYS.contains(key)) {
                    endpoint(value.asText());
                } else if (key.equals("simple") || key.equals("expression")) {
                    mark(value.asText(), Position.IN_SIMPLE);
                } else if (inBeans) {
                    mark(value.asText(), Position.IN_URI);
                }
            } else if (key.equals("parameters") && value.isObject()) {
                value.forEach(parameter -> mark(parameter.asText(), Position.IN_URI));
            } else {
                walk(value, inBeans || key.equals("beans"));
            }
        });
    }

    private void endpoint(String uri) {
        Matcher placeholder = PLACEHOLDER.matcher(uri);
        while (placeholder.find()) {
            add(placeholder.group(1), placeholder.start() == 0 ? Position.URI_START : Position.IN_URI);
        }
    }

    private void mark(String text, Position position) {
        Matcher placeholder = PLACEHOLDER.matcher(text);
        while (placeholder.find()) {
            add(placeholder.group(1), position);
        }
    }

    private void add(String property, Position position) {
        byProperty.computeIfAbsent(property, p -> EnumSet.noneOf(Position.class)).add(position);
    }

    private static InvalidHandlerException invalid(String property, String message) {
        return new InvalidHandlerException("connectionConfig.properties." + property, message);
    }
}
