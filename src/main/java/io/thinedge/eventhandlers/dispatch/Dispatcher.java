package io.thinedge.eventhandlers.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

import io.thinedge.eventhandlers.event.Event;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.sink.EventPayloads;

/**
 * The content-based router of {@code direct:dispatch}: sends the event (preceded by a
 * {@code deviceFirstRegistration} for a new child) to the route of every matching handler.
 *
 * <p>Asynchronous: each delivery is queued on its handler's lane at once, in arrival order, and
 * the exchange completes (the MQTT message is acknowledged) when every one of them has delivered
 * or recorded its failure and kept the event as a dead letter (a failed handler only keeps it). A slow handler holds back only its own lane, never the others, and
 * the MQTT input takes the next message meanwhile (up to its Receive Maximum in flight).
 */
public final class Dispatcher extends AsyncProcessorSupport {

    private final HandlerRuntimes runtimes;
    private final FirstRegistrations registrations;

    public Dispatcher(HandlerRuntimes runtimes, FirstRegistrations registrations) {
        this.runtimes = runtimes;
        this.registrations = registrations;
    }

    private record Delivery(EventHandler handler, Event event) {
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        List<Delivery> deliveries = new ArrayList<>();
        List<Event> shared = new ArrayList<>(1);
        try {
            Event event = exchange.getMessage().getMandatoryBody(Event.class);
            for (Event each : registrations.precede(event)) {
                List<EventHandler> handlers = runtimes.matching(each);
                handlers.forEach(handler -> deliveries.add(new Delivery(handler, each)));
                if (handlers.size() > 1) {
                    // its JSON written once for all of them, not once each
                    EventPayloads.share(each);
                    shared.add(each);
                }
            }
        } catch (Exception e) {
            shared.forEach(EventPayloads::release);
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        if (deliveries.isEmpty()) {
            callback.done(true);
            return true;
        }
        AtomicInteger remaining = new AtomicInteger(deliveries.size());
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (Delivery delivery : deliveries) {
            String id = delivery.handler().id();
            runtimes.lane(id).deliver(new HandlerLane.Delivery(delivery.event(), error -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
                if (remaining.decrementAndGet() == 0) {
                    shared.forEach(EventPayloads::release);
                    if (failure.get() != null) {
                        exchange.setException(failure.get());
                    }
                    callback.done(false);
                }
            }));
        }
        return false;
    }
}
