package io.thinedge.eventhandlers.dispatch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;

import io.thinedge.eventhandlers.event.Event;

/**
 * One event on a handler's queue with what its exchange carried at dispatch: the headers and
 * properties that steps before dispatch set (an integrator's {@code setHeader} in
 * {@code dispatch.camel.yaml}), put on the handler's own exchange so they reach its sink.
 *
 * <p>Names starting with {@code Camel} or {@code kafka.} are left behind: they are instructions to
 * Camel's components (the input's {@code CamelMqttTopic}, or a {@code CamelHttpUri} or
 * {@code kafka.OVERRIDE_TOPIC} that would redirect a handler's delivery), never something to send.
 * A replayed dead letter carries the event only.
 */
record QueuedEvent(Event event, Map<String, Object> headers, Map<String, Object> properties) {

    static QueuedEvent of(Event event) {
        return new QueuedEvent(event, Map.of(), Map.of());
    }

    /** The exchange's event with its headers and properties as they are now. */
    static QueuedEvent from(Exchange exchange, Event event) {
        return new QueuedEvent(event, carried(exchange.getMessage().getHeaders()), carried(exchange.getProperties()));
    }

    /** Puts the headers and properties on a handler's exchange (the handler's sink sets its own after). */
    void applyTo(Exchange exchange) {
        properties.forEach(exchange::setProperty);
        exchange.getMessage().getHeaders().putAll(headers);
    }

    /**
     * The events in order, in runs whose properties are equal: a batch is one exchange, which holds
     * one set of properties, so events whose steps before dispatch set different ones (or none) go
     * out in different batches. Usually no step sets any, and the events stay one run.
     */
    static List<List<QueuedEvent>> runsOfEqualProperties(List<QueuedEvent> events) {
        List<List<QueuedEvent>> runs = new ArrayList<>(1);
        int start = 0;
        for (int i = 1; i < events.size(); i++) {
            if (!events.get(i).properties().equals(events.get(start).properties())) {
                runs.add(events.subList(start, i));
                start = i;
            }
        }
        runs.add(events.subList(start, events.size()));
        return runs;
    }

    private static Map<String, Object> carried(Map<String, Object> values) {
        if (values.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> carried = new HashMap<>(values.size());
        values.forEach((name, value) -> {
            if (value != null && !steersCamel(name) && !DeliveryHolds.PROPERTY.equals(name)) {
                carried.put(name, value);
            }
        });
        return carried;
    }

    static boolean steersCamel(String name) {
        return name.regionMatches(true, 0, "Camel", 0, 5) || name.regionMatches(true, 0, "kafka.", 0, 6);
    }
}
