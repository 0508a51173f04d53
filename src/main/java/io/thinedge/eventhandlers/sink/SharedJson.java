package io.thinedge.eventhandlers.sink;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.thinedge.eventhandlers.event.Event;

/**
 * The {@code sharedJson} bean: the generic JSON of an event that goes to several handlers, written
 * once, by the first handler that asks, and kept from dispatch ({@link #share}) until every handler
 * has the event ({@link #release}). One per Camel context: two forwarders in one JVM (the tests)
 * share nothing.
 *
 * <p>Writing it for each handler was 16% of the forwarder's CPU with 10 Kafka handlers, and a small
 * table of recent events by identity (the first remedy) still missed most of the time: the
 * handlers' queues run up to the MQTT Receive Maximum apart.
 */
public final class SharedJson {

    /** An event by identity: equal events of different MQTT messages are different deliveries. */
    private record Identity(Event event) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Identity that && that.event == event;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(event);
        }
    }

    /** Marks a shared event whose JSON no handler has asked for yet. */
    private static final byte[] NOT_WRITTEN = new byte[0];

    private final Map<Identity, byte[]> shared = new ConcurrentHashMap<>();

    /** The event goes to several handlers: its JSON is written once, until {@link #release}. */
    public void share(Event event) {
        shared.put(new Identity(event), NOT_WRITTEN);
    }

    /** Every handler has the event: its JSON is no longer kept. */
    public void release(Event event) {
        shared.remove(new Identity(event));
    }

    /** How many events are shared now: none once every dispatched event reached all its handlers. */
    public int size() {
        return shared.size();
    }

    /** The generic JSON as UTF-8 ({@link EventPayloads#genericJsonBytes}), written once for a shared event. */
    public byte[] bytes(Event event) {
        Identity key = new Identity(event);
        byte[] json = shared.get(key);
        if (json == null) {
            return EventPayloads.genericJsonBytes(event);
        }
        if (json == NOT_WRITTEN) {
            json = EventPayloads.genericJsonBytes(event);
            // lost to a release meanwhile: then nobody else needs it
            shared.replace(key, NOT_WRITTEN, json);
        }
        return json;
    }

    public String string(Event event) {
        return new String(bytes(event), StandardCharsets.UTF_8);
    }
}
