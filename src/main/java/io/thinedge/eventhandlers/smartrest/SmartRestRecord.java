package io.thinedge.eventhandlers.smartrest;

import java.util.ArrayList;
import java.util.List;

/**
 * One SmartREST line, e.g. {@code 400,login_event,"hi",2024-01-01T00:00:00Z}, quoted the way
 * Cumulocity's MQTT SmartREST documentation prescribes: a field holding {@code ,}, {@code "},
 * a line feed or a carriage return is enclosed in double quotes, and each {@code "} inside it
 * is escaped with a backslash ({@code \"}), not doubled. Nothing else is escaped.
 */
public final class SmartRestRecord {

    private final int template;
    private final List<String> fields = new ArrayList<>();

    private SmartRestRecord(int template) {
        this.template = template;
    }

    public static SmartRestRecord template(int template) {
        return new SmartRestRecord(template);
    }

    /** A field quoted only when it needs to be. */
    public SmartRestRecord field(String value) {
        fields.add(needsQuotes(value) ? quoted(value) : value);
        return this;
    }

    /**
     * A field that is always enclosed in quotes, as thin-edge's mapper writes an event's text
     * ({@code 400,<type>,"<text>",<time>}); Cumulocity reads both forms alike.
     */
    public SmartRestRecord quotedField(String value) {
        fields.add(quoted(value));
        return this;
    }

    static boolean needsQuotes(String value) {
        return value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0;
    }

    private static String quoted(String value) {
        return '"' + value.replace("\"", "\\\"") + '"';
    }

    /** The line as sent, without a line terminator. */
    @Override
    public String toString() {
        StringBuilder line = new StringBuilder().append(template);
        fields.forEach(field -> line.append(',').append(field));
        return line.toString();
    }
}
