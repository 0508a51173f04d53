package io.thinedge.eventhandlers.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says so when a setting the running forwarder does not re-read is changed in a property file
 * ({@code tedge.child-domain.*}, {@code webhook.timeout}, {@code c8y.*} and every other key but
 * the re-read {@code kafka.domain.*}): one WARN per key and new value, naming the key (never the
 * value, which may be a secret) and that a restart is needed. Without it such an edit silently
 * did nothing until the next restart.
 */
public final class RestartOnlySettings {

    private static final Logger LOG = LoggerFactory.getLogger(RestartOnlySettings.class);

    private final LayeredProperties layered;
    private final Set<String> reread;
    /** The effective values the forwarder started with, of every key a file names. */
    private final Map<String, String> started;
    /** The value each key was last warned about. */
    private final Map<String, String> warned = new HashMap<>();

    /** @param rereadPrefixes the key prefixes that are re-read when a file changes: no warning for them */
    public RestartOnlySettings(LayeredProperties layered, Set<String> rereadPrefixes) {
        this.layered = layered;
        this.reread = rereadPrefixes;
        this.started = effective(fileKeys());
    }

    /** A property file changed: warns about each restart-only key whose value now differs from the one in use. */
    public synchronized void fileChanged() {
        Set<String> keys = fileKeys();
        keys.addAll(started.keySet());
        Map<String, String> now = effective(keys);
        for (String key : keys) {
            String value = now.get(key);
            if (!Objects.equals(value, started.get(key)) && !Objects.equals(value, warned.get(key))) {
                warned.put(key, value);
                LOG.warn("Setting {} was changed in the configuration; it is read only at start: restart the forwarder for it to take effect", key);
            } else if (Objects.equals(value, started.get(key))) {
                warned.remove(key);
            }
        }
    }

    private Set<String> fileKeys() {
        Set<String> keys = new TreeSet<>();
        for (Path file : layered.files()) {
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                properties.load(in);
            } catch (NoSuchFileException e) {
                continue;
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("{} cannot be read: {}", file, e.getMessage());
                continue;
            }
            properties.stringPropertyNames().stream()
                    .filter(key -> reread.stream().noneMatch(key::startsWith)).forEach(keys::add);
        }
        return keys;
    }

    private Map<String, String> effective(Set<String> keys) {
        Properties all = layered.read("");
        Map<String, String> values = new HashMap<>();
        keys.forEach(key -> {
            String value = all.getProperty(key);
            if (value != null) {
                values.put(key, value);
            }
        });
        return values;
    }
}
