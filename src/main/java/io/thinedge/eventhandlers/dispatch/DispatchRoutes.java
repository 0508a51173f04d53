package io.thinedge.eventhandlers.dispatch;

import org.apache.camel.builder.RouteBuilder;

import io.thinedge.eventhandlers.ingest.IngestRoutes;

/**
 * Delivers each parsed event to everything that wants it: the built-in Cumulocity output when
 * {@code c8y.enabled}, and the matching event handlers.
 */
public class DispatchRoutes extends RouteBuilder {

    public static final String C8Y_BUILTIN = "direct:c8y-builtin";

    private final boolean c8yEnabled;

    public DispatchRoutes(boolean c8yEnabled) {
        this.c8yEnabled = c8yEnabled;
    }

    @Override
    public void configure() {
        from(IngestRoutes.DISPATCH).routeId("dispatch")
                .choice()
                    .when(exchange -> c8yEnabled).to(C8Y_BUILTIN)
                .end();
    }
}
