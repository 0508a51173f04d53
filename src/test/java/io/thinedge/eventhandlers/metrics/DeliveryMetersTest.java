package io.thinedge.eventhandlers.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.support.Handlers;

class DeliveryMetersTest {

    @Test
    void should_count_every_event_of_a_batch_and_time_the_batch_once() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, registry);
            EventHandler handler = Handlers.webhook("{\"uri\":\"http://127.0.0.1:1/\"}");
            DeliveryMeters meters = DeliveryMeters.of(context, handler);

            meters.delivered(500, System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(3));
            meters.failed(2, System.nanoTime());

            assertThat(registry.get(DeliveryMeters.DELIVERED).tag("handler", handler.id()).counter().count()).isEqualTo(500);
            assertThat(registry.get(DeliveryMeters.FAILED).tag("type", "webhook").counter().count()).isEqualTo(2);
            assertThat(registry.get(DeliveryMeters.DELIVERY_TIMER).tag("outcome", "delivered").timer().count()).isEqualTo(1);
            assertThat(registry.get(DeliveryMeters.DELIVERY_TIMER).tag("outcome", "delivered").timer()
                    .totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void should_do_nothing_when_metrics_are_switched_off() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            DeliveryMeters meters = DeliveryMeters.of(context, Handlers.webhook("{\"uri\":\"http://127.0.0.1:1/\"}"));
            meters.delivered(1, System.nanoTime());
            meters.failed(1, System.nanoTime());

            // the meters went to a registry that keeps nothing (a registry of its own would grow per handler)
            MeterRegistry fallback = Meters.registryOrNoop(context);
            assertThat(fallback).isInstanceOf(io.micrometer.core.instrument.composite.CompositeMeterRegistry.class);
            io.micrometer.core.instrument.Counter counter = fallback.counter(DeliveryMeters.DELIVERED);
            counter.increment(5);
            assertThat(counter.count()).isZero();
            assertThat(context.getRegistry().findByType(MeterRegistry.class)).isEmpty();
        }
    }
}
