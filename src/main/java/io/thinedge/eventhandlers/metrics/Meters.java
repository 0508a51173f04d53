package io.thinedge.eventhandlers.metrics;

import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.MicrometerUtils;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/**
 * The Micrometer registry that Camel's Prometheus support scrapes on {@code /observe/metrics}.
 *
 * <p>Hot paths hold their meters instead of going through {@code micrometer:} endpoints: such an
 * endpoint evaluates its options and searches the registry for its meter on every exchange, which
 * was measured among the largest costs per event.
 */
public final class Meters {

    private Meters() {
    }

    /** Empty when metrics are switched off ({@code camel.metrics.enabled=false}). */
    public static Optional<MeterRegistry> registry(CamelContext context) {
        return Optional.ofNullable(MicrometerUtils.getMeterRegistryFromCamelRegistry(context.getRegistry(),
                MicrometerConstants.METRICS_REGISTRY_NAME));
    }

    /**
     * The registry, or, when metrics are switched off, one that records nothing (a composite
     * without members): meters registered there are no-ops, so their users need no null checks.
     */
    public static MeterRegistry registryOrNoop(CamelContext context) {
        return registry(context).orElseGet(CompositeMeterRegistry::new);
    }
}
