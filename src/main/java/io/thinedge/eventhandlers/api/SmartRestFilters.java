package io.thinedge.eventhandlers.api;

import io.thinedge.eventhandlers.handler.EventFilter;
import io.thinedge.eventhandlers.handler.HandlerType;
import io.thinedge.eventhandlers.handler.InvalidHandlerException;
import io.thinedge.eventhandlers.ingest.LifecycleEvents;

/**
 * The filters a smartRest handler can serve. Its sink sends events to Cumulocity and drops what
 * thin-edge's own c8y mapper already sends there: measurements, and the lifecycle events the
 * forwarder raises (deviceCreated and the like). A handler whose filter lets only those through
 * would count every event delivered and send nothing, so it is refused naming the filter.
 */
final class SmartRestFilters {

    private SmartRestFilters() {
    }

    static void check(HandlerType type, EventFilter filter) {
        if (type != HandlerType.SMARTREST) {
            return;
        }
        if (filter instanceof EventFilter.Telemetry) {
            throw new InvalidHandlerException("filter", "a smartRest handler sends events, not measurements (thin-edge's "
                    + "c8y mapper sends those to Cumulocity): use a lifecycle filter, or a webhook or kafka handler for telemetry");
        }
        if (filter instanceof EventFilter.Lifecycle lifecycle && !lifecycle.eventTypes().contains(EventFilter.Lifecycle.ANY)
                && lifecycle.eventTypes().stream().allMatch(LifecycleEvents::isRaisedByForwarder)) {
            throw new InvalidHandlerException("filter.eventTypes", "a smartRest handler never sends the lifecycle events "
                    + "the forwarder raises (Cumulocity learns of them from thin-edge's c8y mapper): name an event type "
                    + "the devices raise, or *");
        }
    }
}
