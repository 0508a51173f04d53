package io.thinedge.eventhandlers.dispatch;

import java.time.Clock;

import io.thinedge.eventhandlers.event.Event;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerStatus;
import io.thinedge.eventhandlers.handler.HandlerTester;
import io.thinedge.eventhandlers.sink.Sink;
import io.thinedge.eventhandlers.sink.SinkFactory;
import io.thinedge.eventhandlers.store.HandlerStore;

/**
 * The {@code handlerTester} bean: sends a sample event through a sink built for the test (the
 * real client, not the handler's route or breaker), synchronously, and reports the outcome.
 * A stored handler that had failed is enabled again when its test succeeds.
 */
public final class SinkTester implements HandlerTester {

    private final SinkFactory sinks;
    private final SampleEvents samples;
    private final HandlerStore store;
    private final Clock clock;

    public SinkTester(SinkFactory sinks, SampleEvents samples, HandlerStore store, Clock clock) {
        this.sinks = sinks;
        this.samples = samples;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public TestResult testExisting(EventHandler handler) {
        TestResult result = testUnsaved(handler);
        if (result.successful()) {
            boolean wasFailed = handler.state().status() == HandlerStatus.FAILED;
            store.reenable(handler.id(), clock.instant());
            if (wasFailed) {
                return new TestResult(true, result.message() + "; the handler is enabled again");
            }
        }
        return result;
    }

    @Override
    public TestResult testUnsaved(EventHandler handler) {
        Event sample = samples.forHandler(handler);
        try (Sink sink = sinks.create(handler)) {
            sink.deliver(sample);
            return new TestResult(true, "Sample " + sample.eventType() + " event delivered");
        } catch (Exception e) {
            return new TestResult(false, "Sample " + sample.eventType() + " event not delivered: " + describe(e));
        }
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
