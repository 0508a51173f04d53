package io.thinedge.eventhandlers.dispatch;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

import io.thinedge.eventhandlers.event.Event;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.sink.EventPayloads;

/**
 * The {@code matchingHandlers} bean of {@code routes/dispatch.camel.yaml}'s {@code recipientList}:
 * the queues ({@code handler-queue:<id>}) of the handlers not disabled whose domain and filter
 * match the event (the active ones deliver it, the failed ones keep it as a dead letter); none
 * for a preview's exchange ({@link DispatchPreview}).
 */
public final class MatchingHandlers {

    private final HandlerRuntimes runtimes;

    MatchingHandlers(HandlerRuntimes runtimes) {
        this.runtimes = runtimes;
    }

    public List<String> queues(Exchange exchange) throws Exception {
        Event event = exchange.getMessage().getMandatoryBody(Event.class);
        DispatchPreview preview = DispatchPreview.of(exchange);
        if (preview != null) {
            // a preview is shown what would be dispatched; no queue gets it
            preview.dispatched(QueuedEvent.from(exchange, event));
            return List.of();
        }
        List<EventHandler> handlers = runtimes.matching(event);
        List<String> queues = new ArrayList<>(handlers.size());
        handlers.forEach(handler -> queues.add(HandlerQueueComponent.uri(handler.id())));
        if (handlers.size() > 1) {
            // its JSON written once for all of them, not once each, until every one has it
            EventPayloads.share(event);
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    EventPayloads.release(event);
                }
            });
        }
        return queues;
    }
}
