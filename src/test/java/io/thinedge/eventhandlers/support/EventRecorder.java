package io.thinedge.eventhandlers.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;

import io.thinedge.eventhandlers.event.DeviceEvent;
import io.thinedge.eventhandlers.event.Event;

/**
 * Records every event the application dispatched (sent to {@code direct:dispatch}), in order,
 * without changing a route: a Camel event notifier on the real context.
 */
public final class EventRecorder extends EventNotifierSupport {

    private static final String PROBE = "probe";

    private final List<Event> dispatched = new CopyOnWriteArrayList<>();

    public static EventRecorder attachTo(CamelContext context) {
        EventRecorder recorder = new EventRecorder();
        context.getManagementStrategy().addEventNotifier(recorder);
        return recorder;
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof ExchangeSentEvent sent && sent.getEndpoint().getEndpointUri().equals("direct://dispatch")
                && sent.getExchange().getException() == null
                && sent.getExchange().getMessage().getBody() instanceof Event dispatchedEvent) {
            dispatched.add(dispatchedEvent);
        }
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        // all exchange events: Camel asks about them as a group, and sends none if no one listens
        return event instanceof CamelEvent.ExchangeEvent;
    }

    public List<Event> events() {
        return List.copyOf(dispatched);
    }

    /** The texts of the device events dispatched, in order, leaving out probes (type {@code probe}). */
    public List<String> texts() {
        return textsOfType(type -> !type.equals(PROBE));
    }

    /** The texts of probe events: tests publish them to see that the forwarder is subscribed. */
    public List<String> probes() {
        return textsOfType(PROBE::equals);
    }

    private List<String> textsOfType(java.util.function.Predicate<String> type) {
        return dispatched.stream().filter(DeviceEvent.class::isInstance).map(DeviceEvent.class::cast)
                .filter(event -> type.test(event.type())).map(DeviceEvent::text).collect(Collectors.toList());
    }
}
