package io.thinedge.eventhandlers.dispatch;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

import io.thinedge.eventhandlers.event.Event;
import io.thinedge.eventhandlers.ingest.LifecycleEvents;
import io.thinedge.eventhandlers.store.KnownChildren;

/**
 * The {@code firstEventOfNewChild} filter of {@code routes/dispatch.camel.yaml}: true for an event of
 * a child device not yet announced as created and first registered (never for a preview). It only
 * reads what is remembered; {@link FirstRegistrations} then starts the announcements. Without it
 * every event would pay for a split over nothing.
 */
public final class FirstEventOfNewChild implements Predicate {

    private final KnownChildren knownChildren;

    public FirstEventOfNewChild(KnownChildren knownChildren) {
        this.knownChildren = knownChildren;
    }

    @Override
    public boolean matches(Exchange exchange) {
        Event event = exchange.getMessage().getBody(Event.class);
        return event != null && DispatchPreview.of(exchange) == null && FirstRegistrations.isChildsOwn(event)
                && !(knownChildren.isKnown(LifecycleEvents.CREATED_SCOPE, event.deviceId())
                        && knownChildren.isKnown(FirstRegistrations.SCOPE, event.deviceId()));
    }
}
