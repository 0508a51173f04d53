package io.thinedge.eventhandlers.dispatch;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code handler-queue:<handlerId>}: each handler's queue as a Camel endpoint. The dispatch route's
 * {@code recipientList} sends to it; the handler's route (the {@code tedge-handler} template of
 * {@code routes/handler-frame.camel.yaml}) consumes from it. See {@link HandlerQueueEndpoint}.
 */
final class HandlerQueueComponent extends DefaultComponent {

    static final String SCHEME = "handler-queue";

    private final HandlerRuntimes runtimes;
    private final HandlerOutcomes outcomes;
    private final AtMostOnceBound atMostOnce;

    HandlerQueueComponent(HandlerRuntimes runtimes, HandlerOutcomes outcomes, AtMostOnceBound atMostOnce) {
        this.runtimes = runtimes;
        this.outcomes = outcomes;
        this.atMostOnce = atMostOnce;
    }

    /** The handlers whose queues these are (their lanes). */
    HandlerRuntimes runtimes() {
        return runtimes;
    }

    static String uri(String handlerId) {
        return SCHEME + ":" + handlerId;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        if (remaining.isBlank()) {
            throw new IllegalArgumentException("handler-queue needs a handler id: handler-queue:<id>");
        }
        return new HandlerQueueEndpoint(uri, this, remaining, runtimes, outcomes, atMostOnce);
    }
}
