package io.thinedge.eventhandlers.sink.kamelet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.CatalogCamelContext;
import org.apache.camel.spi.PackageScanResourceResolver;
import org.apache.camel.spi.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.thinedge.eventhandlers.handler.InvalidHandlerException;

/**
 * The Kamelets a {@code kamelet} handler can deliver through: the {@code *.kamelet.yaml} files
 * of the Kamelet component's locations ({@code camel.component.kamelet.location}, by default
 * {@code file:routes/kamelets,classpath:kamelets}: the project's folder first, then the jar and
 * Camel's Kamelet catalog). Read on every request, never cached: a Kamelet dropped into
 * {@code routes/kamelets/} on a running gateway is usable at once, as Camel's Kamelet component
 * also reads it when a route first uses it.
 */
public final class KameletCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(KameletCatalog.class);
    private static final String SUFFIX = ".kamelet.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** The sinks of the built-in handler types: they need the forwarder's setup, so /kafka, /webhook, /smartrest. */
    private static final String BUILT_IN_PREFIX = "tedge-";
    /**
     * Components that reach the gateway's own files, beans, routes, code or log: never a scheme a
     * handler's property may start an endpoint with, whatever a Kamelet names.
     */
    static final Set<String> NEVER_SCHEMES = Set.of("core", "kamelet", "file", "file-watch", "direct", "seda", "vm",
            "bean", "class", "ref", "log", "exec", "language", "controlbus", "xslt", "xslt-saxon", "validator",
            "sql", "jdbc", "stub", "mock", "dataset", "browse", "timer", "scheduler", "platform-http", "rest",
            "rest-api", "micrometer", "stream", "jms", "docker", "ssh", "scp", "jsch");

    /** Where Camel's Kamelet component, and so the API, finds Kamelets. */
    private static final String LOCATION_PROPERTY = "camel.component.kamelet.location";
    private static final String DEFAULT_LOCATION = "file:routes/kamelets,classpath:kamelets";

    private final CamelContext context;
    private final List<String> locations;

    public KameletCatalog(CamelContext context, String locations) {
        this.context = context;
        this.locations = List.of(locations.split("\\s*,\\s*"));
    }

    /** The Kamelet locations the context's Kamelet component is configured with (camel.component.kamelet.location). */
    public static String location(CamelContext context) {
        return context.getPropertiesComponent().resolveProperty(LOCATION_PROPERTY).orElse(DEFAULT_LOCATION);
    }

    /** The sink Kamelet of that name, the first location holding it winning. */
    public Optional<KameletSchema> find(String name) {
        for (String location : locations) {
            Optional<KameletSchema> found = read(location, name);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /**
     * The sink Kamelet a handler may name.
     *
     * @throws InvalidHandlerException naming {@code connectionConfig.kamelet} when there is none
     */
    public KameletSchema sink(String name) {
        if (name.startsWith(BUILT_IN_PREFIX)) {
            throw new InvalidHandlerException("connectionConfig.kamelet", "'" + name + "' is the sink of a built-in "
                    + "handler type: create it on /kafka, /webhook or /smartrest");
        }
        KameletSchema schema = find(name).orElseThrow(() -> new InvalidHandlerException("connectionConfig.kamelet",
                "no Kamelet '" + name + "' in " + String.join(", ", locations)));
        if (!schema.sink()) {
            throw new InvalidHandlerException("connectionConfig.kamelet", "Kamelet '" + name + "' is a "
                    + (schema.kind().isEmpty() ? "Kamelet of no type" : schema.kind()) + ", not a sink");
        }
        Optional<String> missing = missingDependency(schema);
        if (missing.isPresent()) {
            throw new InvalidHandlerException("connectionConfig.kamelet", "Kamelet '" + name + "' needs "
                    + missing.get() + ", which this forwarder's jar does not hold");
        }
        return schema;
    }

    /** Every sink Kamelet a handler may name, by name. */
    public List<KameletSchema> sinks() {
        Map<String, KameletSchema> byName = new TreeMap<>();
        for (String location : locations) {
            for (String name : names(location)) {
                if (!name.startsWith(BUILT_IN_PREFIX) && !byName.containsKey(name)) {
                    read(location, name).filter(KameletSchema::sink).filter(schema -> missingDependency(schema).isEmpty())
                            .ifPresent(schema -> byName.put(name, schema));
                }
            }
        }
        return new ArrayList<>(byName.values());
    }

    /**
     * The URI schemes a property that starts one of the Kamelet's endpoint URIs may have: those of
     * the Camel components it names in {@code spec.dependencies} ({@code camel:http}: http, https),
     * never one that reaches into the gateway itself ({@link #NEVER_SCHEMES}).
     */
    public Set<String> endpointSchemes(KameletSchema schema) {
        Set<String> schemes = new TreeSet<>();
        for (String dependency : schema.dependencies()) {
            if (dependency.startsWith("camel:")) {
                String component = dependency.substring("camel:".length());
                schemes.add(component);
                schemes.addAll(alternativeSchemes(component));
            }
        }
        schemes.removeAll(NEVER_SCHEMES);
        return schemes;
    }

    /** From the component's own JSON description ({@code "alternativeSchemes":"http,https"}). */
    private List<String> alternativeSchemes(String component) {
        try {
            String json = context instanceof CatalogCamelContext catalog ? catalog.getComponentParameterJsonSchema(component) : null;
            if (json != null) {
                String alternatives = YAML.readTree(json).path("component").path("alternativeSchemes").asText("");
                return alternatives.isBlank() ? List.of() : List.of(alternatives.split("\\s*,\\s*"));
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("No description of Camel component {}: {}", component, e.getMessage());
        }
        return List.of();
    }

    /**
     * The first Camel part the Kamelet names in {@code spec.dependencies} ({@code camel:<name>}) that
     * is not on the classpath: Camel's catalog holds Kamelets for every Camel component, the jar a
     * few of them. Maven coordinates are not checked.
     */
    private Optional<String> missingDependency(KameletSchema schema) {
        for (String dependency : schema.dependencies()) {
            if (dependency.startsWith("camel:") && !available(dependency.substring("camel:".length()))) {
                return Optional.of(dependency);
            }
        }
        return Optional.empty();
    }

    private boolean available(String part) {
        if (part.equals("core") || part.equals("kamelet")) {
            return true;
        }
        for (String kind : List.of("component", "dataformat", "language")) {
            if (context.getClassResolver().loadResourceAsURL("META-INF/services/org/apache/camel/" + kind + "/" + part) != null) {
                return true;
            }
        }
        return false;
    }

    private Optional<KameletSchema> read(String location, String name) {
        try (InputStream in = open(location, name)) {
            return in == null ? Optional.empty() : Optional.of(KameletSchema.of(name, YAML.readTree(in)));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Kamelet {} in {} cannot be read: {}", name, location, e.getMessage());
            return Optional.empty();
        }
    }

    private InputStream open(String location, String name) throws IOException {
        if (location.startsWith("file:")) {
            Path file = Path.of(location.substring("file:".length())).resolve(name + SUFFIX);
            return Files.isRegularFile(file) ? Files.newInputStream(file) : null;
        }
        String path = location.replaceFirst("^classpath:", "").replaceAll("^/|/$", "") + "/" + name + SUFFIX;
        return context.getClassResolver().loadResourceAsStream(path);
    }

    private List<String> names(String location) {
        List<String> names = new ArrayList<>();
        if (location.startsWith("file:")) {
            Path folder = Path.of(location.substring("file:".length()));
            if (Files.isDirectory(folder)) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
                    files.forEach(file -> names.add(strip(file.getFileName().toString())));
                } catch (IOException e) {
                    LOG.warn("Kamelets in {} cannot be listed: {}", folder, e.getMessage());
                }
            }
            return names;
        }
        PackageScanResourceResolver resolver = context.getCamelContextExtension()
                .getContextPlugin(PackageScanResourceResolver.class);
        try {
            for (Resource resource : resolver.findResources(location.replaceAll("/$", "") + "/*" + SUFFIX)) {
                String file = resource.getLocation();
                names.add(strip(file.substring(file.lastIndexOf('/') + 1)));
            }
        } catch (Exception e) {
            LOG.warn("Kamelets in {} cannot be listed: {}", location, e.getMessage());
        }
        return names;
    }

    private static String strip(String fileName) {
        return fileName.substring(0, fileName.length() - SUFFIX.length());
    }
}
