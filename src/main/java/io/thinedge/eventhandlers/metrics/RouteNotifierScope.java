package io.thinedge.eventhandlers.metrics;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.micrometer.eventnotifier.MicrometerRouteEventNotifier;
import org.apache.camel.component.platform.http.main.MainHttpServerUtil;
import org.apache.camel.spi.EventNotifier;
import org.apache.camel.spi.ManagementStrategy;
import org.apache.camel.support.EventHelper;

/**
 * Keeps Camel's event notifiers off the path of every exchange.
 *
 * <p>Camel's Micrometer route notifier (the {@code camel_routes_*} gauges) subscribes to every event
 * Camel raises although it uses only route events, so Camel built an event object for every send
 * of every exchange: about 2% of the forwarder's CPU on the 1-handler Kafka route (JFR). Before the
 * routes start, it is told to ignore exchange events; its gauges stay.
 *
 * <p>Camel decides once, while it starts, whether any notifier wants exchange events, and until
 * then the Micrometer one did: so once started, the decision is taken again. With no notifier
 * wanting them, Camel skips the notifier lists on every exchange it creates and every send (about
 * 3% of the forwarder's CPU in the 10-handler bench row, JFR, 2026-12-07). A notifier added later
 * (a test's {@code NotifyBuilder}) turns them on again by itself.
 *
 * <p>One list Camel walks all the same: each time a step of a route goes on asynchronously,
 * {@code CamelInternalProcessor} asks every started notifier whether it wants to hear so. Camel
 * calls its startup listeners again whenever routes start after the context did, and the one
 * camel-platform-http-main 4.17 registers per HTTP server ({@link MainHttpServerUtil}, which logs
 * the server's endpoints) adds a new notifier at each call. Every handler route built (two per
 * handler, again at each change) added two: 406 after the 100-handler bench row, a fifth to a
 * quarter of the forwarder's CPU in that row (async-profiler), and more with every handler change,
 * for as long as the forwarder runs. Those added after the start are removed here, at the same calls
 * (this is a startup listener too); the ones of the start stay and log the endpoints after a reload.
 */
public final class RouteNotifierScope implements StartupListener {

    /** The endpoint-summary notifiers present when the context first started; null until then. */
    private Set<EventNotifier> summariesAtStart;

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
        ManagementStrategy management = context.getManagementStrategy();
        if (summariesAtStart == null) {
            summariesAtStart = Set.copyOf(endpointSummaries(management));
        } else {
            endpointSummaries(management).stream().filter(notifier -> !summariesAtStart.contains(notifier))
                    .forEach(management::removeEventNotifier);
        }
        context.getCamelContextExtension().setEventNotificationApplicable(EventHelper.eventsApplicable(context));
    }

    /** The notifiers platform-http-main's startup listeners added (anonymous classes inside {@link MainHttpServerUtil}). */
    private static List<EventNotifier> endpointSummaries(ManagementStrategy management) {
        String prefix = MainHttpServerUtil.class.getName() + "$";
        return management.getEventNotifiers().stream().filter(notifier -> notifier.getClass().getName().startsWith(prefix))
                .collect(Collectors.toList());
    }
}
