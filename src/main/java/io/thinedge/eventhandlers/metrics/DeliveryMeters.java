package io.thinedge.eventhandlers.metrics;

import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.thinedge.eventhandlers.handler.EventHandler;

/**
 * One handler's delivery meters, tagged with its id and type: events delivered and failed
 * ({@value #DELIVERED}, {@value #FAILED}) and the time from a delivery's start to its outcome
 * ({@value #DELIVERY_TIMER}, tagged {@code outcome=delivered|failed}). A batch counts its events
 * and is timed once. {@link HandlerMetrics} removes them when the handler is deleted.
 */
public final class DeliveryMeters {

    public static final String DELIVERED = "tedge.handler.delivered";
    public static final String FAILED = "tedge.handler.failed";
    public static final String DELIVERY_TIMER = "tedge.handler.delivery";

    private final Counter delivered;
    private final Counter failed;
    private final Timer deliveredTime;
    private final Timer failedTime;

    private DeliveryMeters(Counter delivered, Counter failed, Timer deliveredTime, Timer failedTime) {
        this.delivered = delivered;
        this.failed = failed;
        this.deliveredTime = deliveredTime;
        this.failedTime = failedTime;
    }

    /** The handler's meters, registered on first use; no-ops when metrics are switched off. */
    public static DeliveryMeters of(CamelContext context, EventHandler handler) {
        MeterRegistry registry = Meters.registryOrNoop(context);
        Tags tags = Tags.of(HandlerMetrics.HANDLER_TAG, handler.id(), HandlerMetrics.TYPE_TAG, handler.type().apiName());
        return new DeliveryMeters(
                Counter.builder(DELIVERED).description("Events delivered by the handler").tags(tags).register(registry),
                Counter.builder(FAILED).description("Events whose delivery failed").tags(tags).register(registry),
                timer(registry, tags, "delivered"), timer(registry, tags, "failed"));
    }

    private static Timer timer(MeterRegistry registry, Tags tags, String outcome) {
        return Timer.builder(DELIVERY_TIMER).description("Time from a delivery's start to its outcome")
                .tags(tags).tag("outcome", outcome).register(registry);
    }

    public void delivered(int events, long startNanos) {
        record(delivered, deliveredTime, events, startNanos);
    }

    public void failed(int events, long startNanos) {
        record(failed, failedTime, events, startNanos);
    }

    private static void record(Counter counter, Timer timer, int events, long startNanos) {
        counter.increment(events);
        timer.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
}
