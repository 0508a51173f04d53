package io.thinedge.eventhandlers.sink.kafka;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;

import javax.security.auth.login.AppConfigurationEntry;

import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;

import io.thinedge.eventhandlers.handler.InvalidHandlerException;

/**
 * Keeps the Kafka properties an API caller sends (a handler's {@code custom} text, a Kafka
 * Kamelet's properties) from loading code or local files on the gateway.
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

    /** The SASL mechanisms of those modules; GSSAPI (Kerberos) would use the gateway's own Kerberos set-up. */
    static final List<String> ALLOWED_MECHANISMS = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER");

    /** Properties that name classes without saying so in their key. */
    static final List<String> CLASS_PROPERTIES = List.of("key.serializer", "value.serializer", "metric.reporters",
            "security.providers");
    /** URLs the OAuth login fetches: a {@code file:} URL would read a local file. */
    static final List<String> URL_PROPERTIES = List.of("sasl.oauthbearer.token.endpoint.url", "sasl.oauthbearer.jwks.endpoint.url");

    private KafkaPropertyPolicy() {
    }

    /**
     * Throws naming the first property that is not allowed.
     *
     * @param fieldOf where a property came from, for the error (see {@link ProducerSettings#check})
     */
    public static void check(Properties properties, UnaryOperator<String> fieldOf) {
        for (String key : properties.stringPropertyNames()) {
            String lower = key.toLowerCase(Locale.ROOT).trim();
            if (lower.endsWith(".class") || lower.endsWith(".classes") || lower.equals("config.providers")
                    || lower.startsWith("config.providers.") || lower.endsWith(".location")
                    || lower.equals("sasl.kerberos.kinit.cmd") || CLASS_PROPERTIES.contains(lower)) {
                throw new InvalidHandlerException(fieldOf.apply(key), "Kafka property " + key
                        + " is not allowed: it loads classes, files or commands on the gateway");
            }
            String value = properties.getProperty(key).trim().toLowerCase(Locale.ROOT);
            if (URL_PROPERTIES.contains(lower) && !(value.startsWith("https://") || value.startsWith("http://"))) {
                throw new InvalidHandlerException(fieldOf.apply(key), "Kafka property " + key + " must be an http or https URL");
            }
            if (lower.equals(SaslConfigs.SASL_MECHANISM) && !ALLOWED_MECHANISMS.contains(properties.getProperty(key).trim())) {
                throw new InvalidHandlerException(fieldOf.apply(key), "Kafka property " + key + " must be one of "
                        + String.join(", ", ALLOWED_MECHANISMS));
            }
            if (lower.equals(SaslConfigs.SASL_JAAS_CONFIG)) {
                checkLoginModules(loginModules(properties.getProperty(key), fieldOf.apply(key)), fieldOf.apply(key));
            }
        }
    }

    /**
     * Throws when the properties ask for SASL without their own {@code sasl.jaas.config}: the client
     * would then log in with the JVM's JAAS configuration, the gateway's own credentials.
     */
    public static void checkOwnLogin(Properties properties, String field) {
        String protocol = properties.getProperty("security.protocol", "").trim().toUpperCase(Locale.ROOT);
        if (protocol.startsWith("SASL_") && properties.getProperty(SaslConfigs.SASL_JAAS_CONFIG, "").isBlank()) {
            throw new InvalidHandlerException(field, "Kafka property security.protocol=" + protocol + " needs "
                    + "sasl.jaas.config: without it the client would log in with the gateway's own JAAS configuration");
        }
    }

    /**
     * The login modules of a {@code sasl.jaas.config} value as the Kafka client reads them: by
     * Kafka's own parser ({@link JaasContext#loadClientContext}, which also refuses more or fewer
     * than one module), so a quoted module name or a module named inside an option's value reads
     * as Kafka reads it.
     */
    static List<AppConfigurationEntry> loginModules(String jaas, String field) {
        try {
            return JaasContext.loadClientContext(Map.of(SaslConfigs.SASL_JAAS_CONFIG, new Password(jaas)))
                    .configurationEntries();
        } catch (IllegalArgumentException e) {
            // Kafka's message may quote the text, which holds a password: not repeated
            throw new InvalidHandlerException(field, "Kafka property sasl.jaas.config is not a JAAS configuration the "
                    + "Kafka client reads: it needs exactly one <LoginModule> required key=\"value\" ...;");
        }
    }

    private static void checkLoginModules(List<AppConfigurationEntry> modules, String field) {
        for (AppConfigurationEntry module : modules) {
            if (!ALLOWED_LOGIN_MODULES.contains(module.getLoginModuleName())) {
                throw new InvalidHandlerException(field, "Kafka property sasl.jaas.config: login module "
                        + module.getLoginModuleName() + " is not allowed; use one of " + String.join(", ", ALLOWED_LOGIN_MODULES));
            }
        }
    }
}
