package io.thinedge.eventhandlers.sink;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.apache.camel.Exchange;

import io.thinedge.eventhandlers.handler.EventHandler;

/**
 * The handlers whose sink Kamelets run now, by the id their Kamelet is given ({@code handler=<id>}):
 * a stored handler's id, or a one-off id for the test of an unsaved one. The beans the built-in
 * Kamelets call (kafkaRecords, webhookRequests, smartRestSteps) read the handler's connectionConfig
 * here, so no secret travels in an endpoint URI.
 */
public final class SinkSetups {

    /** The exchange property by which a built-in Kamelet names the handler it delivers for. */
    public static final String SETUP_PROPERTY = "TedgeSinkSetup";

    /**
     * The id the built-in Kamelet names in {@link #SETUP_PROPERTY}, set once per exchange: the beans
     * read it there, not as a bean parameter, which Camel would parse again at every call.
     */
    public static String setupOf(Exchange exchange) {
        return exchange.getProperty(SETUP_PROPERTY, String.class);
    }

    private record Entry(EventHandler handler, Map<Class<?>, Object> parsed) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public void put(String id, EventHandler handler) {
        entries.put(id, new Entry(handler, new ConcurrentHashMap<>()));
    }

    public void remove(String id) {
        entries.remove(id);
    }

    public Optional<EventHandler> find(String id) {
        return Optional.ofNullable(entries.get(id)).map(Entry::handler);
    }

    /**
     * The handler's config read once into {@code type} (parsing a connectionConfig per event would
     * cost more than sending it).
     */
    public <T> T parsed(String id, Class<T> type, Function<EventHandler, T> parse) {
        Entry entry = entries.get(id);
        if (entry == null) {
            throw new IllegalStateException("No sink is set up for event handler " + id);
        }
        return type.cast(entry.parsed().computeIfAbsent(type, key -> parse.apply(entry.handler())));
    }
}
