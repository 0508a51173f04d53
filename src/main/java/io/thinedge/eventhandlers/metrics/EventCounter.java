package io.thinedge.eventhandlers.metrics;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.micrometer.core.instrument.Counter;

/**
 * A route step counting the exchanges that pass it ({@code tedge.events.in},
 * {@code tedge.parse.errors}); the counter is looked up once, when the first exchange passes.
 */
public final class EventCounter implements Processor {

    private final String name;
    private final String description;
    private volatile Counter counter;

    public EventCounter(String name, String description) {
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
