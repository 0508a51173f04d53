package io.thinedge.eventhandlers.reload;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.FileWatcherResourceReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.thinedge.eventhandlers.dispatch.HandlerRuntimes;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerType;
import io.thinedge.eventhandlers.handler.InvalidHandlerException;
import io.thinedge.eventhandlers.sink.kamelet.KameletCatalog;
import io.thinedge.eventhandlers.sink.kamelet.KameletConfig;
import io.thinedge.eventhandlers.sink.kamelet.KameletSchema;
import io.thinedge.eventhandlers.store.HandlerStore;

/**
 * Makes an edit of what every handler route is built from take effect: a Kamelet file of
 * {@code routes/kamelets/} or {@code handler-frame.camel.yaml}. Camel loads a Kamelet's template
 * once and keeps it, and a handler's route is built from the frame once: after an edit the cached
 * template is dropped (the next route built reads the file again) and the routes of the handlers
 * that use it are rebuilt, each on its own lane, between two of its events (nothing lost, order kept).
 * A Kamelet file that does not parse, or whose schema the properties of a handler using it no
 * longer fit, is reported ({@link EditReports}) and changes nothing.
 */
public final class HandlerRouteSources {

    private static final Logger LOG = LoggerFactory.getLogger(HandlerRouteSources.class);
    public static final String FRAME_FILE = "handler-frame.camel.yaml";
    /** The route template of handler-frame.camel.yaml. */
    private static final String FRAME_TEMPLATE = "tedge-handler";
    /** Its route configuration (no error handler: the queue records failures). */
    private static final String FRAME_CONFIGURATION = "tedge-handler-frame";
    private static final String KAMELET_SUFFIX = ".kamelet.yaml";

    private final CamelContext context;
    private final HandlerRuntimes handlers;
    private final HandlerStore store;
    private final KameletCatalog catalog;
    private final EditReports reports;

    public HandlerRouteSources(CamelContext context, HandlerRuntimes handlers, HandlerStore store, KameletCatalog catalog,
            EditReports reports) {
        this.context = context;
        this.handlers = handlers;
        this.store = store;
        this.catalog = catalog;
        this.reports = reports;
    }

    /** A watcher of the Kamelets folder: an edited or added Kamelet file rebuilds the handlers using it. */
    public FileWatcherResourceReloadStrategy kameletWatcher(Path folder) {
        FileWatcherResourceReloadStrategy watcher = new FileWatcherResourceReloadStrategy(folder.toString());
        watcher.setFileFilter(file -> file.getName().endsWith(KAMELET_SUFFIX));
        watcher.setResourceReload((name, resource) -> kameletChanged(resource));
        return watcher;
    }

    /** True for handler-frame.camel.yaml, which {@link #reloadFrame} loads instead of Camel's route reload. */
    public static boolean isFrame(Resource resource) {
        return resource != null && resource.getLocation().endsWith(FRAME_FILE);
    }

    /**
     * Loads an edited handler-frame.camel.yaml. It holds no route, only the template and its route
     * configuration, which Camel keeps once loaded (loading the file again fails on the configuration's
     * id): both are replaced here, then every handler's route is rebuilt from them.
     */
    public void reloadFrame(Resource resource) throws Exception {
        ModelCamelContext model = (ModelCamelContext) context;
        for (RouteConfigurationDefinition configuration : List.copyOf(model.getRouteConfigurationDefinitions())) {
            if (FRAME_CONFIGURATION.equals(configuration.getId()) || isFrame(configuration.getResource())) {
                model.removeRouteConfiguration(configuration);
            }
        }
        context.removeRouteTemplates(FRAME_TEMPLATE);
        PluginHelper.getRoutesLoader(context).loadRoutes(resource);
        LOG.info("{} changed: every handler's route is rebuilt from it before its next event", FRAME_FILE);
        handlers.rebuild(handler -> true);
    }

    private void kameletChanged(Resource resource) throws Exception {
        String file = Path.of(resource.getLocation().replaceFirst("^file:", "")).getFileName().toString();
        String kamelet = file.substring(0, file.length() - KAMELET_SUFFIX.length());
        try {
            parse(resource);
            checkHandlersFit(kamelet);
        } catch (Exception e) {
            reports.failed(file, e); // the handlers keep the template loaded before
            return;
        }
        reports.loaded(file);
        // the next route made from the Kamelet reads the file again
        context.removeRouteTemplates(kamelet);
        LOG.info("Kamelet {} changed: the routes of the handlers using it are rebuilt before their next event", kamelet);
        handlers.rebuild(usesKamelet(kamelet));
    }

    /** Reads the Kamelet as Camel will when a handler's route is built, without adding it to the context. */
    private void parse(Resource resource) throws Exception {
        for (RoutesBuilder builder : PluginHelper.getRoutesLoader(context).findRoutesBuilders(resource)) {
            if (builder instanceof RouteBuilder routeBuilder) {
                routeBuilder.configureRoutes(context);
            }
        }
    }

    /** The kamelet handlers naming the Kamelet: their properties must still fit its schema. */
    private void checkHandlersFit(String kamelet) {
        List<EventHandler> users = store.all().stream()
                .filter(handler -> handler.type() == HandlerType.KAMELET && usesKamelet(kamelet).test(handler)).toList();
        if (users.isEmpty()) {
            return;
        }
        KameletSchema schema = catalog.find(kamelet)
                .orElseThrow(() -> new IllegalArgumentException("its schema cannot be read"));
        for (EventHandler handler : users) {
            try {
                schema.validate(KameletConfig.from(handler.connectionConfig()).properties(), catalog.endpointSchemes(schema));
            } catch (InvalidHandlerException e) {
                throw new IllegalArgumentException("the properties of handler " + handler.id() + " no longer fit its schema: "
                        + e.getMessage(), e);
            }
        }
    }

    /** The built-in types' Kamelets are tedge-<type>-sink; a kamelet handler names its own. */
    static Predicate<EventHandler> usesKamelet(String kamelet) {
        return handler -> handler.type() == HandlerType.KAMELET
                ? kamelet.equals(handler.connectionConfig().path("kamelet").asText())
                : kamelet.equals("tedge-" + handler.type().apiName() + "-sink");
    }
}
