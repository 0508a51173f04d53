package io.thinedge.eventhandlers.dispatch;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;

import io.thinedge.eventhandlers.ingest.IngestRoutes;

/**
 * Delivers each parsed event to everything that wants it: the built-in Cumulocity output when
 * {@code c8y.enabled}, then the matching event handlers (through the {@link Dispatcher}, to the
 * handler routes of {@link HandlerRouteTemplates}).
 */
public class DispatchRoutes extends RouteBuilder {

    public static final String C8Y_BUILTIN = "direct:c8y-builtin";

    private final boolean c8yEnabled;
    private final Dispatcher dispatcher;

    public DispatchRoutes(boolean c8yEnabled, Dispatcher dispatcher) {
        this.c8yEnabled = c8yEnabled;
        this.dispatcher = dispatcher;
    }

    @Override
    public void configure() {
        RouteDefinition route = from(IngestRoutes.DISPATCH).routeId("dispatch");
        if (c8yEnabled) {
            // decided once here rather than asked of every event
            route.to(C8Y_BUILTIN);
        }
        route.process(dispatcher).id("dispatch-to-handlers");
    }
}
