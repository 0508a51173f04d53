package io.thinedge.eventhandlers.reload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Endpoint;
import org.apache.camel.spi.InflightRepository;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.ResourceReload;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.thinedge.eventhandlers.mqtt.ReliableMqttClient;

/**
 * Stands between Camel's live reload of {@code routes/*.camel.yaml} and the gateway: an edit that
 * does not load (YAML syntax, an unknown bean or endpoint) leaves the running routes in place and
 * is reported ({@link EditReports}); an edit that loads is handed on ({@link HandlerRouteSources}).
 *
 * <p>Before Camel replaces a route that reads MQTT, its client hands it no more messages (they
 * wait in the client for the new route) and the exchanges in flight finish, for up to
 * {@code drainTimeout}: Camel would otherwise stop the route under them, and each would fail on
 * the stopping route (RejectedExecutionException) and stay unacknowledged until the next connection.
 */
public final class RouteFileEdits {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFileEdits.class);
    private static final long DRAIN_POLL_MILLIS = 50;

    private final CamelContext context;
    private final HandlerRouteSources sources;
    private final Duration drainTimeout;
    private final EditReports reports;
    /** What each route file held when it last loaded: put back when an edit fails half-way. */
    private final Map<String, String> lastLoaded = new ConcurrentHashMap<>();
    private ResourceReload camelReload;

    public RouteFileEdits(CamelContext context, HandlerRouteSources sources, EditReports reports, Duration drainTimeout) {
        this.context = context;
        this.reports = reports;
        this.sources = sources;
        this.drainTimeout = drainTimeout;
    }

    /** Wraps the reload of Camel's route watcher, when live reload is on. */
    public void watch() {
        RouteWatcherReloadStrategy watcher = context.hasService(RouteWatcherReloadStrategy.class);
        if (watcher == null) {
            return;
        }
        rememberLoadedFiles(Path.of(watcher.getFolder()));
        camelReload = watcher.getResourceReload();
        watcher.setResourceReload((name, resource) -> {
            if (HandlerRouteSources.isFrame(resource)) {
                reloadFrame(name, resource);
                return;
            }
            List<Route> reloaded = routesOf(resource);
            List<ReliableMqttClient> clients = mqttClientsOf(reloaded);
            clients.forEach(ReliableMqttClient::holdDeliveries);
            try {
                awaitNothingInFlight(reloaded);
                camelReload.onReload(name, resource);
                lastLoaded.put(fileName(resource), read(resource));
            } catch (Exception e) {
                reports.failed(name, e);
                restoreLastLoaded(name, resource);
                return;
            } finally {
                clients.forEach(ReliableMqttClient::releaseDeliveries);
            }
            reports.loaded(name);
        });
    }

    /** The frame holds no route to drain: its template is replaced, or on failure the last one that loaded is put back. */
    private void reloadFrame(String name, Resource resource) {
        try {
            sources.reloadFrame(resource);
            lastLoaded.put(fileName(resource), read(resource));
            reports.loaded(name);
        } catch (Exception e) {
            reports.failed(name, e);
            String content = lastLoaded.get(fileName(resource));
            if (content != null) {
                try {
                    sources.reloadFrame(ResourceHelper.fromString(resource.getLocation(), content));
                } catch (Exception again) {
                    LOG.error("The handler frame as it was could not be loaded again either: {}", EditReports.reason(again));
                }
            }
        }
    }

    private void rememberLoadedFiles(Path folder) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.camel.yaml")) {
            for (Path file : files) {
                lastLoaded.put(file.getFileName().toString(), Files.readString(file));
            }
        } catch (IOException e) {
            LOG.warn("The route files of {} could not be read ({}): a failed edit cannot be undone", folder, e.getMessage());
        }
    }

    /**
     * Camel parses a file before it removes its routes, but an edit can fail after that (an unknown
     * bean is found when the new route starts): the version that last loaded is loaded again.
     */
    private void restoreLastLoaded(String name, Resource resource) {
        String content = lastLoaded.get(fileName(resource));
        if (content == null) {
            return;
        }
        try {
            camelReload.onReload(name, ResourceHelper.fromString(resource.getLocation(), content));
        } catch (Exception e) {
            LOG.error("The routes of {} as they were could not be loaded again either: {}", name, EditReports.reason(e));
        }
    }

    private static String read(Resource resource) throws IOException {
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private List<Route> routesOf(Resource resource) {
        String file = fileName(resource);
        return context.getRoutes().stream()
                .filter(route -> route.getSourceResource() != null && file.equals(fileName(route.getSourceResource())))
                .toList();
    }

    private static String fileName(Resource resource) {
        String location = resource.getLocation();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static List<ReliableMqttClient> mqttClientsOf(List<Route> routes) {
        return routes.stream().map(Route::getEndpoint)
                .filter(PahoMqtt5Endpoint.class::isInstance).map(endpoint -> ((PahoMqtt5Endpoint) endpoint).getClient())
                .filter(ReliableMqttClient.class::isInstance).map(ReliableMqttClient.class::cast).toList();
    }

    private void awaitNothingInFlight(List<Route> routes) throws InterruptedException {
        InflightRepository inflight = context.getInflightRepository();
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        for (Route route : routes) {
            while (inflight.size(route.getRouteId()) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(DRAIN_POLL_MILLIS);
            }
            if (inflight.size(route.getRouteId()) > 0) {
                LOG.warn("Route {} still has {} exchanges in flight after {}: reloaded anyway, they are redelivered "
                        + "at the next connection", route.getRouteId(), inflight.size(route.getRouteId()), drainTimeout);
            }
        }
    }
}
