package io.thinedge.eventhandlers.sink.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.thinedge.eventhandlers.handler.InvalidHandlerException;
import io.thinedge.eventhandlers.sink.Secrets;

/**
 * Secrets inside Kafka producer properties text: values of properties such as
 * {@code ssl.key.password} or {@code ...client.secret}, and JAAS options such as
 * {@code password="..."} in {@code sasl.jaas.config}. Masked in place; restored from the stored
 * text when a client sends the placeholder back.
 */
final class KafkaSecrets {

    /** {@code key = value} lines whose key names a secret. */
    private static final Pattern PROPERTY = Pattern.compile(
            "(?m)^(\\s*)([^\\s=:#!][^\\s=:]*(?i:password|secret)[^\\s=:]*|ssl\\.keystore\\.key)(\\s*[=:]\\s*|\\s+)(.*?)\\s*$");
    /** JAAS options {@code name="value"} whose name names a secret. */
    private static final Pattern JAAS_OPTION = Pattern.compile(
            "\\b(\\w*(?i:password|secret)\\w*)(\\s*=\\s*\")((?:[^\"\\\\]|\\\\.)*)\"");

    private KafkaSecrets() {
    }

    static String mask(String text) {
        String masked = replace(PROPERTY, 2, 4, text, (key, value) -> Secrets.PLACEHOLDER);
        return replace(JAAS_OPTION, 1, 3, masked, (key, value) -> Secrets.PLACEHOLDER);
    }

    /** Puts the stored value back wherever {@code text} holds the placeholder; {@code stored} may be null. */
    static String restore(String text, String stored, String field) {
        String safeStored = stored == null ? "" : stored;
        String restored = replace(PROPERTY, 2, 4, text, restorer(values(PROPERTY, 2, 4, safeStored), field));
        return replace(JAAS_OPTION, 1, 3, restored, restorer(values(JAAS_OPTION, 1, 3, safeStored), field));
    }

    private static BiFunction<String, String, String> restorer(Map<String, String> storedValues, String field) {
        return (key, value) -> {
            if (!value.equals(Secrets.PLACEHOLDER)) {
                return value;
            }
            String stored = storedValues.get(key);
            if (stored == null) {
                throw new InvalidHandlerException(field, "Kafka property " + key + " holds the placeholder "
                        + Secrets.PLACEHOLDER + " but there is no stored value to keep; send the secret itself");
            }
            return stored;
        };
    }

    private static Map<String, String> values(Pattern pattern, int keyGroup, int valueGroup, String text) {
        Map<String, String> values = new HashMap<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            values.putIfAbsent(matcher.group(keyGroup), matcher.group(valueGroup));
        }
        return values;
    }

    /** Rewrites the value group of every match through {@code change(key, value)}. */
    private static String replace(Pattern pattern, int keyGroup, int valueGroup, String text,
            BiFunction<String, String, String> change) {
        Matcher matcher = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (matcher.find()) {
            out.append(text, last, matcher.start(valueGroup));
            out.append(change.apply(matcher.group(keyGroup), matcher.group(valueGroup)));
            last = matcher.end(valueGroup);
        }
        return out.append(text.substring(last)).toString();
    }
}
