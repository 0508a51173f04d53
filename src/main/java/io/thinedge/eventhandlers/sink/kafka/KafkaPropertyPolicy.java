package io.thinedge.eventhandlers.sink.kafka;

import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.thinedge.eventhandlers.handler.InvalidHandlerException;

/**
 * Keeps operators' Kafka properties from loading code or local files on the gateway, and forces
 * the two settings delivery depends on.
 *
 * <p>Kafka clients instantiate any class named in {@code *.class(es)} properties, read files named
 * in {@code *.location}, run {@code sasl.kerberos.kinit.cmd}, and load any JAAS login module
 * (JndiLoginModule reaches out to LDAP/RMI). None of that may come from a REST call.
 */
public final class KafkaPropertyPolicy {

    /** Login modules that only take credentials; everything else is refused. */
    static final List<String> ALLOWED_LOGIN_MODULES = List.of(
            "org.apache.kafka.common.security.plain.PlainLoginModule",
            "org.apache.kafka.common.security.scram.ScramLoginModule",
            "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule");

    /** Properties that name classes without saying so in their key. */
    static final List<String> CLASS_PROPERTIES = List.of("key.serializer", "value.serializer", "metric.reporters",
            "security.providers");
    /** URLs the OAuth login fetches: a {@code file:} URL would read a local file. */
    static final List<String> URL_PROPERTIES = List.of("sasl.oauthbearer.token.endpoint.url", "sasl.oauthbearer.jwks.endpoint.url");

    private static final Pattern LOGIN_MODULE = Pattern.compile("([A-Za-z_$][\\w.$]*)\\s+(required|requisite|sufficient|optional)");

    private KafkaPropertyPolicy() {
    }

    /** Throws naming the first property that is not allowed; {@code field} is where they came from. */
    public static void check(Properties properties, String field) {
        for (String key : properties.stringPropertyNames()) {
            String lower = key.toLowerCase(Locale.ROOT).trim();
            if (lower.endsWith(".class") || lower.endsWith(".classes") || lower.equals("config.providers")
                    || lower.startsWith("config.providers.") || lower.endsWith(".location")
                    || lower.equals("sasl.kerberos.kinit.cmd") || CLASS_PROPERTIES.contains(lower)) {
                throw new InvalidHandlerException(field, "Kafka property " + key
                        + " is not allowed: it loads classes, files or commands on the gateway");
            }
            String value = properties.getProperty(key).trim().toLowerCase(Locale.ROOT);
            if (URL_PROPERTIES.contains(lower) && !(value.startsWith("https://") || value.startsWith("http://"))) {
                throw new InvalidHandlerException(field, "Kafka property " + key + " must be an http or https URL");
            }
            if (lower.equals("sasl.jaas.config")) {
                checkJaas(properties.getProperty(key), field);
            }
        }
    }

    /** Sets what delivery depends on: no silent retries (the breaker counts failures), a bounded block. */
    public static Properties withForcedSettings(Properties properties) {
        Properties forced = new Properties();
        forced.putAll(properties);
        forced.setProperty("retries", "0");
        forced.setProperty("max.block.ms", "8000");
        return forced;
    }

    private static void checkJaas(String jaas, String field) {
        Matcher matcher = LOGIN_MODULE.matcher(jaas == null ? "" : jaas);
        boolean found = false;
        while (matcher.find()) {
            found = true;
            if (!ALLOWED_LOGIN_MODULES.contains(matcher.group(1))) {
                throw new InvalidHandlerException(field, "Kafka property sasl.jaas.config: login module "
                        + matcher.group(1) + " is not allowed; use one of " + String.join(", ", ALLOWED_LOGIN_MODULES));
            }
        }
        if (!found) {
            throw new InvalidHandlerException(field, "Kafka property sasl.jaas.config names no login module");
        }
    }
}
