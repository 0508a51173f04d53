package io.thinedge.eventhandlers.dispatch;

import java.time.Instant;
import java.util.List;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.CircuitBreakerConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.thinedge.eventhandlers.event.Event;
import io.thinedge.eventhandlers.handler.HandlerType;
import io.thinedge.eventhandlers.metrics.DeliveryMeters;
import io.thinedge.eventhandlers.sink.Sink;

/**
 * One route template per handler type ({@code kafka-handler}, {@code webhook-handler},
 * {@code smartrest-handler}); {@link HandlerRuntimes} makes one route per handler from it,
 * {@code direct:handler-<id>}. Each route holds its own resilience4j circuit breaker: count-based
 * window of 5 calls, at least 5 calls, opening at a 100% failure rate (5 consecutive failures),
 * never half-opening by itself (a handler enabled again gets a new route, hence a new breaker).
 *
 * <p>A failed delivery is recorded in the store (which marks the handler failed at the 5th in a row)
 * and the exchange completes normally: one handler's failure never fails the MQTT message.
 *
 * <p>Each route counts its outcomes in events and times them ({@link DeliveryMeters}).
 */
public class HandlerRouteTemplates extends RouteBuilder {

    public static final String HANDLER_ID_PARAMETER = "handlerId";
    public static final String ENDPOINT_PREFIX = "direct:handler-";
    /** Consecutive failures that disable a handler (SPEC §6), also the breaker's window. */
    public static final int FAILURE_THRESHOLD = 5;
    /** When the delivery started ({@link System#nanoTime()}), for its timer. */
    private static final String STARTED_NANOS = "TedgeDeliveryStarted";

    private static final Logger LOG = LoggerFactory.getLogger(HandlerRouteTemplates.class);

    private final HandlerRuntimes runtimes;

    public HandlerRouteTemplates(HandlerRuntimes runtimes) {
        this.runtimes = runtimes;
    }

    public static String templateId(HandlerType type) {
        return type.apiName() + "-handler";
    }

    @Override
    public void configure() {
        for (HandlerType type : HandlerType.values()) {
            routeTemplate(templateId(type)).templateParameter(HANDLER_ID_PARAMETER)
                    .from(ENDPOINT_PREFIX + "{{" + HANDLER_ID_PARAMETER + "}}")
                    .process(exchange -> exchange.setProperty(STARTED_NANOS, System.nanoTime()))
                    .circuitBreaker()
                        .resilience4jConfiguration()
                            .slidingWindowType("COUNT_BASED").slidingWindowSize(FAILURE_THRESHOLD)
                            .minimumNumberOfCalls(FAILURE_THRESHOLD).failureRateThreshold(100f)
                            .automaticTransitionFromOpenToHalfOpenEnabled(false)
                            .waitDurationInOpenState(Integer.MAX_VALUE)
                        .end()
                        .process(this::deliver)
                    .onFallback()
                        .process(this::recordFailure)
                    .end()
                    .filter(exchangeProperty(CircuitBreakerConstants.RESPONSE_SUCCESSFUL_EXECUTION).isEqualTo(true))
                        .process(this::recordSuccess)
                    .end();
        }
    }

    /** The body is one event, or a batch of them for a sink that sends batches (Kafka). */
    private void deliver(Exchange exchange) throws Exception {
        Sink sink = runtimes.runtimeOf(exchange).sink();
        Object body = exchange.getMessage().getBody();
        if (body instanceof List<?> batch) {
            sink.deliverAll(batch.stream().map(Event.class::cast).toList());
        } else {
            sink.deliver(exchange.getMessage().getBody(Event.class));
        }
    }

    private void recordSuccess(Exchange exchange) {
        HandlerRuntime runtime = runtimes.runtimeOf(exchange);
        runtime.meters().delivered(events(exchange), exchange.getProperty(STARTED_NANOS, long.class));
        Instant now = runtimes.clock().instant();
        if (runtime.successToWrite(now.toEpochMilli())) {
            runtimes.store().recordSuccess(runtime.handler().id(), now);
        }
    }

    private void recordFailure(Exchange exchange) {
        HandlerRuntime runtime = runtimes.runtimeOf(exchange);
        runtime.meters().failed(events(exchange), exchange.getProperty(STARTED_NANOS, long.class));
        runtime.failed();
        String error = error(exchange);
        LOG.warn("Delivery to event handler {} failed: {}", runtime.handler().id(), error);
        runtimes.store().recordFailure(runtime.handler().id(), error, FAILURE_THRESHOLD);
    }

    /** The counters count events, not batches. */
    private static int events(Exchange exchange) {
        return exchange.getMessage().getBody() instanceof List<?> batch ? batch.size() : 1;
    }

    private static String error(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause instanceof CallNotPermittedException) {
            return "Not sent: the handler's circuit breaker is open after " + FAILURE_THRESHOLD + " consecutive failures";
        }
        if (cause == null) {
            return "Delivery failed";
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
