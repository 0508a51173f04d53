package io.thinedge.eventhandlers.probe;

import java.util.List;
import java.util.UUID;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;

import io.thinedge.eventhandlers.event.Event;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.sink.HandlerSinks;
import io.thinedge.eventhandlers.sink.RouteChanges;

/**
 * Delivers one event through a handler's sink (its Kamelet, with the real client) on a route made
 * for that delivery alone, outside the handler's own route and breaker: the test of a handler.
 */
public final class OneOffDelivery {

    private final CamelContext context;
    private final HandlerSinks sinks;
    private final RouteChanges routeChanges;

    public OneOffDelivery(CamelContext context, HandlerSinks sinks) {
        this.context = context;
        this.sinks = sinks;
        this.routeChanges = RouteChanges.of(context);
    }

    /** @throws Exception the delivery's failure, or why the sink cannot be set up */
    public void deliver(EventHandler handler, Event event) throws Exception {
        String setupId = "test-" + UUID.randomUUID();
        String routeId = "handler-" + setupId;
        try {
            synchronized (routeChanges) {
                String sink = sinks.setUp(setupId, handler);
                context.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        // the failure goes back to the caller, which tells it without secrets
                        // (SafeErrorText): Camel's default error handler would log it whole, URI included
                        from("direct:" + routeId).routeId(routeId).errorHandler(noErrorHandler()).to(sink);
                    }
                });
            }
            try (ProducerTemplate producer = context.createProducerTemplate()) {
                Exchange result = producer.send("direct:" + routeId,
                        exchange -> exchange.getMessage().setBody(sinks.of(handler.type()).sinkBody(event)));
                if (result.getException() != null) {
                    throw result.getException();
                }
            }
        } finally {
            synchronized (routeChanges) {
                routeChanges.removeRoutes(List.of(routeId, routeId + "-sink"));
                sinks.tearDown(setupId);
            }
        }
    }

    /** Stops and removes these routes where they exist; true when all are gone. */
    public static boolean removeRoutes(CamelContext context, List<String> routeIds) {
        return RouteChanges.of(context).removeRoutes(routeIds);
    }
}
