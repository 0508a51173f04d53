package io.thinedge.eventhandlers.reload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.health.HealthCheckRegistry;

import io.thinedge.eventhandlers.config.Durations;
import io.thinedge.eventhandlers.dispatch.HandlerRuntimes;
import io.thinedge.eventhandlers.health.RouteEditsHealthCheck;
import io.thinedge.eventhandlers.sink.kamelet.KameletCatalog;
import io.thinedge.eventhandlers.store.HandlerStore;

/** Sets up what makes edits of routes/ on a running gateway take effect safely (README "Customizing the flow"). */
public final class LiveEdits {

    /** How long a reloaded route's exchanges in flight have to finish. */
    private static final String DRAIN_TIMEOUT = "tedge.routes.reload-drain-timeout";

    private LiveEdits() {
    }

    /** With camel.main.routes-reload-enabled: watches the Kamelets folder too, and reports edits that do not load. */
    public static void setUp(CamelContext context, HandlerRuntimes handlers, HandlerStore store, KameletCatalog catalog,
            String kameletLocation) throws Exception {
        boolean enabled = context.getPropertiesComponent().resolveProperty("camel.main.routes-reload-enabled")
                .map(Boolean::parseBoolean).orElse(false);
        if (!enabled) {
            return;
        }
        EditReports reports = new EditReports(context);
        HandlerRouteSources sources = new HandlerRouteSources(context, handlers, store, catalog, reports);
        Optional<Path> kamelets = fileFolder(kameletLocation);
        if (kamelets.isPresent() && Files.isDirectory(kamelets.get())) {
            context.addService(sources.kameletWatcher(kamelets.get()), true, true);
        }
        Duration drainTimeout = Durations.parse(context.getPropertiesComponent().resolveProperty(DRAIN_TIMEOUT).orElse("5m"));
        RouteFileEdits edits = new RouteFileEdits(context, sources, reports, drainTimeout);
        HealthCheckRegistry.get(context).register(new RouteEditsHealthCheck(reports));
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                edits.watch(); // Camel's route watcher exists once the context started
            }
        });
    }

    /** The first {@code file:} folder of camel.component.kamelet.location (the project's, routes/kamelets). */
    private static Optional<Path> fileFolder(String location) {
        return Arrays.stream(location.split(",")).map(String::strip).filter(entry -> entry.startsWith("file:"))
                .map(entry -> Path.of(entry.substring("file:".length()))).findFirst();
    }
}
