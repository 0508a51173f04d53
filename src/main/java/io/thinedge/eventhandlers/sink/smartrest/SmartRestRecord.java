package io.thinedge.eventhandlers.sink.smartrest;

import java.util.ArrayList;
import java.util.List;

/**
 * One SmartREST line, e.g. {@code 400,login_event,"hi",2024-01-01T00:00:00Z}, quoted the way
 * Cumulocity's MQTT SmartREST documentation prescribes: a field holding {@code ,} or {@code "} is
 * enclosed in double quotes, and each {@code "} inside it is escaped with a backslash
 * ({@code \"}), not doubled.
 *
 * <p>A record is always one line: Cumulocity reads an MQTT SmartREST message line by line, so a
 * line break in event text would start what reads as a record of its own ({@code \n400,...}).
 * Each line break ({@code \r\n}, {@code \n}, {@code \r}) in a field becomes a space, and other
 * control characters except tab are dropped, as thin-edge's mapper drops them
 * ({@code sanitize_for_smartrest}).
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
        String line = oneLine(value);
        fields.add(needsQuotes(line) ? quoted(line) : line);
        return this;
    }

    /**
     * A field that is always enclosed in quotes, as thin-edge's mapper writes an event's text
     * ({@code 400,<type>,"<text>",<time>}); Cumulocity reads both forms alike.
     */
    public SmartRestRecord quotedField(String value) {
        fields.add(quoted(oneLine(value)));
        return this;
    }

    static boolean needsQuotes(String value) {
        return value.indexOf(',') >= 0 || value.indexOf('"') >= 0;
    }

    /** Line breaks as spaces, other control characters but tab dropped. */
    static String oneLine(String value) {
        StringBuilder line = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && c != '\t') {
                if (line == null) {
                    line = new StringBuilder(value.length()).append(value, 0, i);
                }
                if (c == '\n' && i > 0 && value.charAt(i - 1) == '\r') {
                    continue; // \r\n: one space
                }
                if (c == '\n' || c == '\r') {
                    line.append(' ');
                }
            } else if (line != null) {
                line.append(c);
            }
        }
        return line == null ? value : line.toString();
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
