package io.thinedge.eventhandlers.dispatch;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.CircuitBreakerConstants;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.DefaultMessage;

import io.thinedge.eventhandlers.sink.Sink;

/**
 * The consuming end of {@code handler-queue:<id>}: runs the handler's route (the frame) for each
 * event, or batch of events, its lane hands over, and records the outcome ({@link HandlerOutcomes}:
 * counters, the store, the 5-failure rule). A delivery failed when the route ended with an
 * exception or its circuit breaker answered from a fallback; this is decided here, outside the
 * frame's steps, so no edit of {@code handler-frame.camel.yaml} can turn the accounting off.
 */
final class HandlerQueueConsumer extends DefaultConsumer {

    private final HandlerOutcomes outcomes;

    HandlerQueueConsumer(HandlerQueueEndpoint endpoint, Processor processor, HandlerOutcomes outcomes) {
        super(endpoint, processor);
        this.outcomes = outcomes;
    }

    /**
     * Runs one {@link QueuedEvent}, or a list of them (the batch of a Kafka or webhook handler), through the route.
     *
     * @throws Exception only when the outcome could not be recorded (the store failed)
     */
    DeliveryOutcome deliver(HandlerRuntime runtime, Object queuedOrBatch) throws Exception {
        Exchange exchange = createExchange(false);
        try {
            int events = fill(exchange, runtime.sink(), queuedOrBatch);
            long started = System.nanoTime();
            try {
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            Throwable failure = failure(exchange);
            return failure == null ? outcomes.delivered(runtime, events, started)
                    : outcomes.failed(runtime, events, started, failure);
        } finally {
            releaseExchange(exchange, false);
        }
    }

    /**
     * The event with its headers and properties; a batch as one message per event, with its own
     * headers, on an exchange with the properties its events share
     * ({@link QueuedEvent#runsOfEqualProperties}). How many events.
     */
    private static int fill(Exchange exchange, Sink sink, Object queuedOrBatch) {
        if (queuedOrBatch instanceof List<?> batch) {
            ((QueuedEvent) batch.get(0)).properties().forEach(exchange::setProperty);
            List<Message> messages = new ArrayList<>(batch.size());
            for (Object each : batch) {
                QueuedEvent queued = (QueuedEvent) each;
                Message message = new DefaultMessage(exchange);
                message.getHeaders().putAll(queued.headers());
                message.setBody(queued.event());
                messages.add(message);
            }
            exchange.getMessage().setBody(messages);
            return messages.size();
        }
        QueuedEvent queued = (QueuedEvent) queuedOrBatch;
        queued.applyTo(exchange);
        exchange.getMessage().setBody(sink.sinkBody(queued.event()));
        sink.contentType().ifPresent(type -> exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, type));
        return 1;
    }

    /** The route's exception, or the one its circuit breaker's fallback caught; null when delivered. */
    private static Throwable failure(Exchange exchange) {
        if (exchange.getException() != null) {
            // as the client raised it: the circuit breaker wraps what it lets through
            Throwable failure = exchange.getException();
            while (failure instanceof RuntimeCamelException && failure.getCause() != null) {
                failure = failure.getCause();
            }
            return failure;
        }
        if (Boolean.TRUE.equals(exchange.getProperty(CircuitBreakerConstants.RESPONSE_FROM_FALLBACK, Boolean.class))) {
            Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            return caught != null ? caught : new IllegalStateException("Delivery failed");
        }
        return null;
    }
}
