package io.thinedge.eventhandlers.sink;

import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/**
 * The lock held by everything that adds or removes routes at run time (handler routes, their
 * Kamelets' routes, one-off test routes), one per Camel context, bound as {@value #BEAN}: Camel's
 * route model is not safe for concurrent changes (a test adding its route while a handler's queue
 * built another failed with a ConcurrentModificationException), and route templates push and pop
 * the registry's local bean repositories meanwhile. Callers hold it with {@code synchronized}.
 */
public final class RouteChanges {

    public static final String BEAN = "routeChanges";

    private final CamelContext context;

    private RouteChanges(CamelContext context) {
        this.context = context;
    }

    /** The context's, bound on first use. */
    public static RouteChanges of(CamelContext context) {
        Registry registry = context.getRegistry();
        synchronized (registry) {
            RouteChanges bound = registry.lookupByNameAndType(BEAN, RouteChanges.class);
            if (bound == null) {
                bound = new RouteChanges(context);
                registry.bind(BEAN, bound);
            }
            return bound;
        }
    }

    /** Stops and removes these routes where they exist; true when all are gone. */
    public synchronized boolean removeRoutes(List<String> routeIds) {
        boolean removed = true;
        for (String routeId : routeIds) {
            try {
                if (context.getRoute(routeId) != null) {
                    context.getRouteController().stopRoute(routeId);
                    removed &= context.removeRoute(routeId);
                }
            } catch (Exception e) {
                removed = false;
            }
        }
        return removed;
    }
}
