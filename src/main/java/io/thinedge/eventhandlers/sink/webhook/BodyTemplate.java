package io.thinedge.eventhandlers.sink.webhook;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.thinedge.eventhandlers.event.DeviceEvent;
import io.thinedge.eventhandlers.event.Event;
import io.thinedge.eventhandlers.event.TelemetryEvent;
import io.thinedge.eventhandlers.handler.InvalidHandlerException;
import io.thinedge.eventhandlers.sink.ControlHeaders;
import io.thinedge.eventhandlers.sink.EventPayloads;

/**
 * A webhook's {@code bodyTemplate}: text into which the event's values are put, and nothing else
 * (SPEC §4). No expression language: a variable names one of a fixed set of values
 * ({@link Variable}), written {@code $name} as Coiote writes its templates, or {@code ${name}} /
 * {@code ${variable.name}} as this forwarder's earlier templates did; {@code $$} is a literal
 * {@code $}. A name outside the set is refused when the handler is created (400 naming it).
 *
 * <p>A template starting with {@code {} or {@code [} is JSON: a value placed inside a JSON string
 * is JSON-escaped (event text cannot end the string), a value placed outside one is written as a
 * JSON value (a string quoted and escaped, a number as is, {@code $data} as an object, a missing
 * value as {@code null}). Any other template is plain text: values are inserted as they are.
 *
 * <p>A small renderer of its own rather than Mustache: Coiote's {@code $name} syntax is not
 * Mustache's, and the escaping depends on where in the JSON a value stands, which a generic
 * engine does not know.
 */
public final class BodyTemplate {

    /** Longest template accepted, in UTF-8 bytes. */
    public static final int MAX_BYTES = 16_384;

    /** The values a template can name; each with Coiote's name (the generic JSON's field) and this forwarder's. */
    enum Variable {
        EVENT_TYPE("eventType", "type"),
        DEVICE_ID("endpointName", "deviceId"),
        DOMAIN("domain", "domain"),
        TIME("time", "time"),
        TIMESTAMP("timestamp", "timestamp"),
        TEXT("text", "text"),
        EXTRAS("data", "extras"),
        PATH("url", "path"),
        VALUE("value", "value"),
        JSON("json", "json"),
        /** {@code $data.<key>} / {@code $extras.<key>}: one custom fragment. */
        EXTRA("data.", "extras."),
        /** {@code $header.<name>}: a header a step of the YAML before dispatch set (text, never evaluated). */
        HEADER("header.", "header.");

        private final String coioteName;
        private final String ownName;

        Variable(String coioteName, String ownName) {
            this.coioteName = coioteName;
            this.ownName = ownName;
        }

        /** The variable a name means, or null. */
        static Variable named(String name) {
            for (Variable variable : values()) {
                boolean means = variable == EXTRA || variable == HEADER
                        ? hasKeyAfter(name, variable.coioteName) || hasKeyAfter(name, variable.ownName)
                        : name.equals(variable.coioteName) || name.equals(variable.ownName);
                if (means) {
                    return variable;
                }
            }
            return null;
        }

        private static boolean hasKeyAfter(String name, String prefix) {
            return name.startsWith(prefix) && name.length() > prefix.length();
        }
    }

    private sealed interface Part permits Literal, Slot {
    }

    private record Literal(String text) implements Part {
    }

    /** A variable's place; {@code inJsonString} when a JSON template has it between quotes. */
    private record Slot(Variable variable, String key, boolean inJsonString) implements Part {
    }

    /** A value before it is placed: text, a JSON number or JSON text, or missing ({@code null}). */
    private record Value(String text, boolean json) {
        static final Value MISSING = new Value(null, true);
    }

    private final List<Part> parts;
    private final boolean json;

    private BodyTemplate(List<Part> parts, boolean json) {
        this.parts = parts;
        this.json = json;
    }

    /**
     * @param field the field to name in errors, {@code connectionConfig.bodyTemplate}
     * @throws InvalidHandlerException naming the field and the unknown variable
     */
    public static BodyTemplate parse(String template, String field) {
        if (template.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new InvalidHandlerException(field, "is longer than " + MAX_BYTES + " bytes");
        }
        return new Parser(template, field).parse();
    }

    /** JSON when the template looks like a JSON object or array, else plain text. */
    public String contentType() {
        return json ? "application/json" : "text/plain; charset=utf-8";
    }

    /** @param headers the delivery's headers, for {@code $header.<name>} */
    public String render(Event event, Function<String, Object> headers) {
        StringBuilder body = new StringBuilder(256);
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                body.append(literal.text());
            } else if (part instanceof Slot slot) {
                Value value = slot.variable() == Variable.HEADER ? header(headers.apply(slot.key())) : valueOf(slot, event);
                place(body, value, slot.inJsonString());
            }
        }
        return body.toString();
    }

    private void place(StringBuilder body, Value value, boolean inJsonString) {
        if (!json) {
            body.append(value.text() == null ? "" : value.text());
        } else if (inJsonString) {
            body.append(JsonStringEncoder.getInstance().quoteAsString(value.text() == null ? "" : value.text()));
        } else if (value.text() == null) {
            body.append("null");
        } else if (value.json()) {
            body.append(value.text());
        } else {
            body.append('"').append(JsonStringEncoder.getInstance().quoteAsString(value.text())).append('"');
        }
    }

    private static Value valueOf(Slot slot, Event event) {
        DeviceEvent device = event instanceof DeviceEvent d ? d : null;
        TelemetryEvent telemetry = event instanceof TelemetryEvent t ? t : null;
        return switch (slot.variable()) {
            case EVENT_TYPE -> text(event.eventType());
            case DEVICE_ID -> text(event.deviceId());
            case DOMAIN -> text(event.domain());
            case TIME -> text(device != null ? device.time() : telemetry.time());
            case TIMESTAMP -> new Value(Long.toString(event.timestampMillis()), true);
            case TEXT -> device == null ? Value.MISSING : text(device.text());
            case EXTRAS -> device == null ? Value.MISSING : new Value(extras(device.extras()).toString(), true);
            case EXTRA -> device == null ? Value.MISSING : extra(device.extras().get(slot.key()));
            case PATH -> telemetry == null ? Value.MISSING : text(telemetry.path());
            case VALUE -> telemetry == null ? Value.MISSING : new Value(telemetry.value().toPlainString(), true);
            case JSON -> new Value(EventPayloads.genericJson(event), true);
            case HEADER -> throw new IllegalStateException("a header is the delivery's, not the event's");
        };
    }

    private static Value header(Object value) {
        return value == null ? Value.MISSING : text(value.toString());
    }

    private static Value text(String text) {
        return new Value(text, false);
    }

    private static Value extra(JsonNode value) {
        if (value == null || value.isNull()) {
            return Value.MISSING;
        }
        return value.isTextual() ? text(value.textValue()) : new Value(value.toString(), true);
    }

    private static ObjectNode extras(Map<String, JsonNode> extras) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        extras.forEach(node::set);
        return node;
    }

    /** Splits a template into literal text and variables, following JSON strings in a JSON template. */
    private static final class Parser {

        private final String template;
        private final String field;
        private final boolean json;
        private final List<Part> parts = new ArrayList<>();
        private final StringBuilder literal = new StringBuilder();
        private boolean inString;
        private boolean escaped;

        Parser(String template, String field) {
            this.template = template;
            this.field = field;
            String start = template.stripLeading();
            this.json = start.startsWith("{") || start.startsWith("[");
        }

        BodyTemplate parse() {
            int at = 0;
            while (at < template.length()) {
                char c = template.charAt(at);
                char next = at + 1 < template.length() ? template.charAt(at + 1) : 0;
                if (c != '$') {
                    literal(c);
                    at++;
                } else if (next == '$') {
                    literal('$');
                    at += 2;
                } else if (next == '{') {
                    int close = template.indexOf('}', at + 2);
                    if (close < 0) {
                        throw new InvalidHandlerException(field, "has a '${' without its closing '}'");
                    }
                    String name = template.substring(at + 2, close);
                    slot(name.startsWith("variable.") ? name.substring("variable.".length()) : name, "${" + name + "}");
                    at = close + 1;
                } else if (Character.isLetter(next)) {
                    int end = nameEnd(at + 1);
                    String name = template.substring(at + 1, end);
                    if ((name.equals("data") || name.equals("extras") || name.equals("header")) && end + 1 < template.length()
                            && template.charAt(end) == '.' && isKeyChar(template.charAt(end + 1))) {
                        int keyEnd = end + 1;
                        while (keyEnd < template.length() && isKeyChar(template.charAt(keyEnd))) {
                            keyEnd++;
                        }
                        name = template.substring(at + 1, keyEnd);
                        end = keyEnd;
                    }
                    slot(name, "$" + name);
                    at = end;
                } else {
                    literal('$'); // "costs $5", a lone "$": not a variable
                    at++;
                }
            }
            flush();
            return new BodyTemplate(List.copyOf(parts), json);
        }

        private int nameEnd(int from) {
            int end = from;
            while (end < template.length() && (Character.isLetterOrDigit(template.charAt(end)) || template.charAt(end) == '_')) {
                end++;
            }
            return end;
        }

        private static boolean isKeyChar(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '-';
        }

        private void slot(String name, String written) {
            Variable variable = Variable.named(name);
            if (variable == null) {
                throw new InvalidHandlerException(field, "names an unknown variable " + printable(written)
                        + "; a template can use $eventType, $endpointName, $domain, $time, $timestamp, $text, $data, "
                        + "$data.<key>, $url, $value, $json, $header.<name> (or their ${...} forms), and $$ for a literal $");
            }
            flush();
            String key = variable == Variable.EXTRA || variable == Variable.HEADER ? name.substring(name.indexOf('.') + 1) : null;
            if (variable == Variable.HEADER) {
                // the forwarder's own headers (CamelHttpUri, Host, ...) are not the YAML's to hand on
                try {
                    ControlHeaders.checkHttp(Map.of(key, ""), field);
                } catch (InvalidHandlerException e) {
                    throw new InvalidHandlerException(field, "names " + printable(written)
                            + ", a header Camel or the HTTP client acts on, not one the YAML before dispatch hands on");
                }
            }
            parts.add(new Slot(variable, key, json && inString));
        }

        /** Literal text; in a JSON template, follows whether it is inside a string. */
        private void literal(char c) {
            literal.append(c);
            if (!json) {
                return;
            }
            if (escaped) {
                escaped = false;
            } else if (inString && c == '\\') {
                escaped = true;
            } else if (c == '"') {
                inString = !inString;
            }
        }

        private void flush() {
            if (!literal.isEmpty()) {
                parts.add(new Literal(literal.toString()));
                literal.setLength(0);
            }
        }

        /** At most 80 characters, control characters as '?': it goes back in a 400 answer. */
        private static String printable(String text) {
            String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
            return shown.replaceAll("\\p{Cntrl}", "?");
        }
    }
}
