package io.thinedge.eventhandlers.probe;

import java.time.Clock;

import io.thinedge.eventhandlers.dispatch.DeliveryOutcome;
import io.thinedge.eventhandlers.dispatch.HandlerBreakers;
import io.thinedge.eventhandlers.dispatch.HandlerRoutes;
import io.thinedge.eventhandlers.event.Event;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerStatus;
import io.thinedge.eventhandlers.handler.SafeErrorText;
import io.thinedge.eventhandlers.store.HandlerStore;

/**
 * The {@code handlerTester} bean: sends a sample event through the handler's sink (its Kamelet,
 * with the real client) on a route made for the test alone, not the handler's route or breaker,
 * synchronously, and reports the outcome. A stored handler whose test succeeds is enabled again
 * if it had failed, and its breaker starts a clean count.
 */
public final class SinkTester implements HandlerTester {

    private final OneOffDelivery delivery;
    private final HandlerBreakers breakers;
    private final SampleEvents samples;
    private final HandlerStore store;
    private final Clock clock;

    public SinkTester(OneOffDelivery delivery, HandlerBreakers breakers, SampleEvents samples, HandlerStore store,
            Clock clock) {
        this.delivery = delivery;
        this.breakers = breakers;
        this.samples = samples;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public TestResult testExisting(EventHandler handler) {
        TestResult result = testUnsaved(handler);
        if (result.successful()) {
            boolean wasFailed = handler.state().status() == HandlerStatus.FAILED;
            reenable(handler);
            if (wasFailed) {
                return new TestResult(true, result.message() + "; the handler is enabled again");
            }
        }
        return result;
    }

    /** A handler whose test succeeded: a clean count in its breaker, and active again if it had failed. */
    void reenable(EventHandler handler) {
        breakers.reset(handler.id());
        store.reenable(handler.id(), clock.instant());
    }

    /** One real event through the handler's sink, outside its route and breaker: the automatic re-test's probe. */
    DeliveryOutcome probe(EventHandler handler, Event event) {
        try {
            delivery.deliver(handler, event);
            return DeliveryOutcome.DELIVERED;
        } catch (Exception e) {
            Throwable cause = HandlerRoutes.rootOfRouteStart(e);
            return DeliveryOutcome.failed(cause, SafeErrorText.of(cause));
        }
    }

    @Override
    public TestResult testUnsaved(EventHandler handler) {
        Event sample = samples.forHandler(handler);
        try {
            delivery.deliver(handler, sample);
            return new TestResult(true, "Sample " + sample.eventType() + " event delivered");
        } catch (Exception e) {
            return new TestResult(false, "Sample " + sample.eventType() + " event not delivered: "
                    + SafeErrorText.of(HandlerRoutes.rootOfRouteStart(e)));
        }
    }
}
