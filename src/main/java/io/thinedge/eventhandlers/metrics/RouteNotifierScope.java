package io.thinedge.eventhandlers.metrics;

import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.micrometer.eventnotifier.MicrometerRouteEventNotifier;
import org.apache.camel.spi.EventNotifier;
import org.apache.camel.support.EventHelper;

/**
 * Camel's Micrometer route notifier (the {@code camel_routes_*} gauges) subscribes to every event
 * Camel raises although it uses only route events, so Camel built an event object for every send
 * of every exchange: about 2% of the forwarder's CPU on the 1-handler Kafka route (JFR). Before the
 * routes start, it is told to ignore exchange events; its gauges stay.
 *
 * <p>Camel decides once, while it starts, whether any notifier wants exchange events, and until
 * then the Micrometer one did: so once started, the decision is taken again. With no notifier
 * wanting them, Camel skips the notifier lists on every exchange it creates and every send (about
 * 3% of the forwarder's CPU in the 10-handler bench row, JFR, 2026-12-07). A notifier added later
 * (a test's {@code NotifyBuilder}) turns them on again by itself.
 */
public final class RouteNotifierScope implements StartupListener {

    @Override
    public void onCamelContextStarting(CamelContext context, boolean alreadyStarted) {
        for (EventNotifier notifier : context.getManagementStrategy().getEventNotifiers()) {
            if (notifier instanceof MicrometerRouteEventNotifier) {
                notifier.setIgnoreExchangeEvents(true);
            }
        }
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        context.getCamelContextExtension().setEventNotificationApplicable(EventHelper.eventsApplicable(context));
    }
}
