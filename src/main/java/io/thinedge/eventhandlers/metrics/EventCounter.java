package io.thinedge.eventhandlers.metrics;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.micrometer.core.instrument.Counter;

/**
 * A route step counting the exchanges that pass it; the counter is looked up once, when the first
 * exchange passes. Each counter is its own subclass ({@link CountEventIn}, {@link CountParseError}),
 * so that its bean is named after its class.
 */
public abstract class EventCounter implements Processor {

    private final String name;
    private final String description;
    private volatile Counter counter;

    protected EventCounter(String name, String description) {
        this.name = name;
        this.description = description;
    }

    @Override
    public void process(Exchange exchange) {
        Counter current = counter;
        if (current == null) {
            // two first exchanges at once both register: the registry hands both the same counter
            current = Counter.builder(name).description(description).register(Meters.registryOrNoop(exchange.getContext()));
            counter = current;
        }
        current.increment();
    }
}
