package io.thinedge.eventhandlers.sink.kamelet;

import java.util.Set;

import io.thinedge.eventhandlers.handler.InvalidHandlerException;

/**
 * A property value as the {@code kamelet:} endpoint URI carries it, taken as data only.
 *
 * <p>Camel resolves {@code {{...}}} property placeholders in that URI and again in the Kamelet's
 * template when it pastes the value in, nested: {@code {{sys:user.name}}}, {@code {{env:HOME}}} or
 * any configuration key would be read. Camel's only escape ({@code \{{}) is undone by the first of
 * those passes, so a value holding {@code {{} or {@code }}} is refused.
 *
 * <p>The value goes in as {@code RAW(value)} so Camel does not decode {@code +}, {@code %} or
 * {@code &}. {@code RAW(} ends at the first {@code )&} though, where the rest would become further
 * options of the Kamelet endpoint ({@code location=file:...} loads a Kamelet from anywhere); a
 * value holding {@code )&} goes in as {@code RAW{value}} instead, and one holding both {@code )&}
 * and {@code }&} is refused. So is a property named like an option of the {@code kamelet:}
 * endpoint itself.
 */
public final class KameletUri {

    /**
     * Options Camel's {@code kamelet:} endpoint takes for itself before the Kamelet sees the rest:
     * a property so named would pick another Kamelet file or template, or a bean.
     */
    private static final Set<String> ENDPOINT_OPTIONS = Set.of("location", "templateId", "routeId",
            "uuid", "exceptionHandler", "exchangePattern", "bridgeErrorHandler", "lazyStartProducer");

    private KameletUri() {
    }

    /**
     * @throws InvalidHandlerException naming {@code connectionConfig.properties.<property>}
     */
    static void checkValue(String property, String value) {
        String field = "connectionConfig.properties." + property;
        if (ENDPOINT_OPTIONS.contains(property)) {
            throw new InvalidHandlerException(field, "is an option of Camel's kamelet endpoint itself, not one a Kamelet "
                    + "property may have");
        }
        if (value.contains("{{") || value.contains("}}")) {
            throw new InvalidHandlerException(field, "must not contain '{{' or '}}' (Camel would read a property "
                    + "placeholder: values are data)");
        }
        if (raw(value) == null) {
            throw new InvalidHandlerException(field, "must not contain both ')&' and '}&'");
        }
    }

    /**
     * {@code name=RAW(value)} or {@code name=RAW{value}}, for a value {@link #checkValue} passed.
     * Checked again here for handlers stored before that check: their sink fails, naming the property.
     */
    public static String option(String name, String value) {
        String raw = raw(value);
        if (raw == null || value.contains("{{") || value.contains("}}")) {
            throw new IllegalArgumentException("The value of Kamelet property " + name + " holds a property placeholder "
                    + "or cannot be put into a URI");
        }
        return name + "=" + raw;
    }

    private static String raw(String value) {
        if (!value.contains(")&") && !value.endsWith(")")) {
            return "RAW(" + value + ")";
        }
        if (!value.contains("}&") && !value.endsWith("}")) {
            return "RAW{" + value + "}";
        }
        return null;
    }
}
