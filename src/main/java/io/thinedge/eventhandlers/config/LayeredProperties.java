package io.thinedge.eventhandlers.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Every key under a prefix (such as {@code kafka.domain.}) with the value Camel would give it, read
 * afresh from the property files each time. Camel's own {@code loadProperties(filter)} leaves out
 * {@code -D} system properties and environment variables, so {@code -Dkafka.domain./x/.bootstrap.servers}
 * was ignored; here they override like for every other key.
 *
 * <p>Layers, highest first (as Camel resolves one key): override properties (tests), {@code -D}
 * system properties, environment variables, the property files, initial properties. An
 * environment variable is the key in upper case with {@code .}, {@code -} and {@code /} as
 * {@code _} ({@code KAFKA_DOMAIN__TENANT__BOOTSTRAP_SERVERS} for
 * {@code kafka.domain./tenant/.bootstrap.servers}); as that cannot be turned back into a key, it
 * overrides keys that a file or {@code -D} names.
 */
public final class LayeredProperties {

    private final List<Path> files;
    private final Properties initial;
    private final Properties overrides;
    /** Environment variables by name. */
    private final Function<String, String> environment;
    private final Function<String, String> placeholders;

    LayeredProperties(List<Path> files, Properties initial, Properties overrides, Function<String, String> environment,
            Function<String, String> placeholders) {
        this.files = List.copyOf(files);
        this.initial = initial;
        this.overrides = overrides;
        this.environment = environment;
        this.placeholders = placeholders;
    }

    /** The layers of {@code context}'s properties component; its {@code file:} locations are the files. */
    public static LayeredProperties of(CamelContext context) {
        PropertiesComponent component = context.getPropertiesComponent();
        Properties initial = new Properties();
        Properties overrides = new Properties();
        if (component instanceof org.apache.camel.component.properties.PropertiesComponent camels) {
            if (camels.getInitialProperties() != null) {
                initial = camels.getInitialProperties();
            }
            if (camels.getOverrideProperties() != null) {
                overrides = camels.getOverrideProperties();
            }
        }
        return new LayeredProperties(files(component.getLocations()), initial, overrides, System::getenv,
                value -> value.contains("{{") ? context.resolvePropertyPlaceholders(value) : value);
    }

    /** The property files, in the order Camel reads them (a later one wins). */
    public List<Path> files() {
        return files;
    }

    /**
     * Every key starting with {@code prefix} and its value.
     *
     * @throws IllegalStateException when a property file cannot be read
     */
    public Properties read(String prefix) {
        Properties merged = new Properties();
        copy(initial, prefix, merged);
        for (Path file : files) {
            copy(load(file), prefix, merged);
        }
        copy(System.getProperties(), prefix, merged);
        copy(overrides, prefix, merged);
        Properties result = new Properties();
        for (String key : merged.stringPropertyNames()) {
            String value = overrides.getProperty(key);
            if (value == null) {
                value = System.getProperty(key);
            }
            if (value == null) {
                value = environmentValue(key);
            }
            if (value == null) {
                value = merged.getProperty(key);
            }
            result.setProperty(key, placeholders.apply(value));
        }
        return result;
    }

    private static void copy(Properties from, String prefix, Properties to) {
        for (String key : from.stringPropertyNames()) {
            if (key.startsWith(prefix)) {
                to.setProperty(key, from.getProperty(key));
            }
        }
    }

    private static Properties load(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in); // as Camel reads it: ISO-8859-1 with \\u escapes
        } catch (NoSuchFileException e) {
            return properties;
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException(file + " cannot be read: " + e.getMessage(), e);
        }
        return properties;
    }

    /** The key's environment variable: Camel's form (upper case, {@code .} and {@code -} as {@code _}), or with {@code /} as {@code _} too. */
    private String environmentValue(String key) {
        String value = environment.apply(org.apache.camel.util.IOHelper.normalizeEnvironmentVariable(key));
        return value != null ? value : environment.apply(environmentName(key));
    }

    static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_').replace('/', '_');
    }

    private static List<Path> files(List<String> locations) {
        List<Path> paths = new ArrayList<>();
        for (String location : locations) {
            String plain = location.contains(";") ? location.substring(0, location.indexOf(';')) : location;
            if (plain.startsWith("file:")) {
                paths.add(Path.of(plain.substring("file:".length())));
            }
        }
        return paths;
    }

    /** For tests of one class: files and layers given directly. */
    static LayeredProperties of(List<Path> files, Map<String, String> overrides, Function<String, String> environment) {
        Properties override = new Properties();
        override.putAll(overrides);
        return new LayeredProperties(files, new Properties(), override, environment, Function.identity());
    }
}
