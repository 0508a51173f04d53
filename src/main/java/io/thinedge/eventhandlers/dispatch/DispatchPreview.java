package io.thinedge.eventhandlers.dispatch;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;

/**
 * Marks an exchange as a preview ({@link HandlerPreviews}): it goes through the YAML steps before
 * dispatch like an MQTT message, but no child is remembered, no bad input is reported, and the
 * {@code recipientList} finds no queue. What would have been dispatched is collected here.
 */
final class DispatchPreview {

    /** The exchange property that carries the preview (the split's copies share it). */
    static final String PROPERTY = "TedgePreview";

    private final List<QueuedEvent> dispatched = new ArrayList<>();

    static DispatchPreview of(Exchange exchange) {
        return exchange.getProperty(PROPERTY, DispatchPreview.class);
    }

    synchronized void dispatched(QueuedEvent queued) {
        dispatched.add(queued);
    }

    synchronized List<QueuedEvent> dispatched() {
        return List.copyOf(dispatched);
    }
}
