package io.thinedge.eventhandlers.dispatch;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultAsyncProducer;
import org.apache.camel.support.DefaultEndpoint;

import io.thinedge.eventhandlers.event.Event;

/**
 * One handler's queue, {@code handler-queue:<id>}, and the at-least-once contract of a delivery.
 *
 * <p>Its producer puts the event, with the headers and properties of its exchange
 * ({@link QueuedEvent}), on the handler's {@link HandlerLane} in arrival order. Sent by a
 * {@code recipientList}, it completes at once and the recipientList waits until every handler
 * delivered the event or kept it as a dead letter ({@link AwaitHandlerQueues}); sent to directly,
 * it completes only then itself. Only then can the MQTT message be acknowledged. A QoS 0 event that finds the queue full is dropped for this
 * handler instead ({@link AtMostOnceBound}). Its consumer is the handler's route
 * ({@link HandlerQueueConsumer}), which counts every outcome towards the 5-failure rule.
 */
final class HandlerQueueEndpoint extends DefaultEndpoint {

    private final String handlerId;
    private final HandlerRuntimes runtimes;
    private final HandlerOutcomes outcomes;
    private final AtMostOnceBound atMostOnce;

    HandlerQueueEndpoint(String uri, HandlerQueueComponent component, String handlerId, HandlerRuntimes runtimes,
            HandlerOutcomes outcomes, AtMostOnceBound atMostOnce) {
        super(uri, component);
        this.handlerId = handlerId;
        this.runtimes = runtimes;
        this.outcomes = outcomes;
        this.atMostOnce = atMostOnce;
    }

    @Override
    public Producer createProducer() {
        return new DefaultAsyncProducer(this) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                Event event;
                try {
                    event = exchange.getMessage().getMandatoryBody(Event.class);
                } catch (Exception e) {
                    exchange.setException(e);
                    callback.done(true);
                    return true;
                }
                HandlerLane lane = runtimes.lane(handlerId);
                if (atMostOnce.drops(exchange, handlerId, lane)) {
                    callback.done(true);
                    return true;
                }
                QueuedEvent queued = QueuedEvent.from(exchange, event);
                DeliveryHolds holds = DeliveryHolds.of(exchange);
                if (holds != null) {
                    // sent by a recipientList: it waits for the outcome (AwaitHandlerQueues), not this copy
                    holds.take();
                    try {
                        lane.deliver(new HandlerLane.Delivery(queued, holds::release));
                    } catch (RuntimeException e) {
                        // not queued (the forwarder stops): the message is not acknowledged, it comes again
                        holds.release(e);
                    }
                    callback.done(true);
                    return true;
                }
                // sent to directly: complete once delivered or kept
                lane.deliver(new HandlerLane.Delivery(queued, error -> {
                    if (error != null) {
                        // the outcome could not be recorded (the store failed): not acknowledged, it comes again
                        exchange.setException(error);
                    }
                    callback.done(false);
                }));
                return false;
            }
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        HandlerQueueConsumer created = new HandlerQueueConsumer(this, processor, outcomes);
        configureConsumer(created);
        return created;
    }
}
