package io.thinedge.eventhandlers.sink;

import io.thinedge.eventhandlers.event.Event;

/**
 * Where one handler delivers: a Kafka topic, a webhook, Cumulocity. The dispatcher knows only this.
 * One instance per handler, built from its validated connection config and closed when the handler
 * is changed, deleted or switched off.
 */
public interface Sink extends AutoCloseable {

    /** Delivers one event; returns once it is delivered and throws when it is not (SPEC §6 failures). */
    void deliver(Event event) throws Exception;

    /**
     * True when {@link #deliverAll} sends a batch in one round trip (Kafka): the dispatcher then hands
     * it every event waiting for this handler at once instead of one at a time.
     */
    default boolean batches() {
        return false;
    }

    /** Delivers events in order; returns once all are delivered and throws when any is not. */
    default void deliverAll(java.util.List<Event> events) throws Exception {
        for (Event event : events) {
            deliver(event);
        }
    }

    /** Releases connections and producers; never throws. */
    @Override
    default void close() {
    }
}
