package io.thinedge.eventhandlers.sink.smartrest;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

import io.thinedge.eventhandlers.event.DeviceEvent;
import io.thinedge.eventhandlers.ingest.LifecycleEvents;

/**
 * The {@code cumulocityEvents} predicate of the {@code tedge-smartrest-sink} Kamelet: what a
 * SmartREST sink sends. Device events only: telemetry is no event for Cumulocity, and the events
 * the forwarder raises itself are for other handlers (thin-edge's mapper already tells Cumulocity
 * about registrations, commands and new children).
 */
public final class CumulocityEvents implements Predicate {

    @Override
    public boolean matches(Exchange exchange) {
        return exchange.getMessage().getBody() instanceof DeviceEvent event && !LifecycleEvents.isRaisedByForwarder(event.type());
    }
}
