package io.thinedge.eventhandlers.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.support.ExpressionAdapter;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.camel.support.service.ServiceSupport;

import io.thinedge.eventhandlers.event.Event;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.sink.SharedJson;

/**
 * The {@code matchingHandlers} expression of {@code routes/dispatch.camel.yaml}'s
 * {@code recipientList}: the queues ({@code handler-queue:<id>}) of the handlers not disabled whose
 * domain and filter match the event (the active ones deliver it, the failed ones keep it as a dead
 * letter); none for a preview's exchange ({@link DispatchPreview}).
 *
 * <p>An expression looked up by reference ({@code ref:}), answering endpoints, not URIs: Camel's
 * bean binding and URI normalisation cost more than the matching itself on this per-event path
 * (about 8% of the forwarder's CPU in the 1-handler bench row, measured with JFR on 2026-12-07).
 */
public final class MatchingHandlers extends ExpressionAdapter {

    private final HandlerRuntimes runtimes;
    private final SharedJson json;
    private final Map<String, Endpoint> queues = new ConcurrentHashMap<>();
    private CamelContext context;

    MatchingHandlers(HandlerRuntimes runtimes, SharedJson json) {
        this.runtimes = runtimes;
        this.json = json;
    }

    @Override
    public void init(CamelContext context) {
        this.context = context;
    }

    @Override
    public Object evaluate(Exchange exchange) {
        try {
            return queues(exchange);
        } catch (InvalidPayloadException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    List<Endpoint> queues(Exchange exchange) throws InvalidPayloadException {
        Event event = exchange.getMessage().getMandatoryBody(Event.class);
        DispatchPreview preview = DispatchPreview.of(exchange);
        if (preview != null) {
            // a preview is shown what would be dispatched; no queue gets it
            preview.dispatched(QueuedEvent.from(exchange, event));
            return List.of();
        }
        List<EventHandler> handlers = runtimes.matching(event);
        List<Endpoint> matched = new ArrayList<>(handlers.size());
        handlers.forEach(handler -> matched.add(queue(handler.id())));
        if (handlers.size() > 1) {
            // its JSON written once for all of them, not once each, until every one has it
            json.share(event);
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    json.release(event);
                }
            });
        }
        return matched;
    }

    /**
     * The handler's queue endpoint, resolved once. Camel stops and removes it with the last route that
     * used it (the handler's route replaced or deleted): it is then resolved again, and the stopped
     * ones of deleted handlers are dropped.
     */
    private Endpoint queue(String handlerId) {
        Endpoint queue = queues.get(handlerId);
        if (queue instanceof ServiceSupport service && !service.isStoppingOrStopped()) {
            return queue;
        }
        queues.values().removeIf(known -> known instanceof ServiceSupport service && service.isStoppingOrStopped());
        queue = context.getEndpoint(HandlerQueueComponent.uri(handlerId));
        queues.put(handlerId, queue);
        return queue;
    }
}
