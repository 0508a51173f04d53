package io.thinedge.eventhandlers.sink;

import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.thinedge.eventhandlers.event.Event;
import io.thinedge.eventhandlers.handler.EventFilter;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerType;

/**
 * What the forwarder knows of one handler type: the connectionConfig it takes (Coiote's other
 * shapes, validation, secrets), the Kamelet it delivers through and that Kamelet's endpoint. One
 * implementation per type, in the type's own package; {@link HandlerSinks} finds them by type.
 */
public interface Sink {

    HandlerType type();

    /**
     * The Kamelet a handler with this connectionConfig delivers through, whose use the domain's
     * allow list must permit.
     *
     * @throws io.thinedge.eventhandlers.handler.InvalidHandlerException naming the field when the config names none
     */
    String kamelet(JsonNode connectionConfig);

    /** @throws io.thinedge.eventhandlers.handler.InvalidHandlerException naming the field that is not valid */
    void validate(JsonNode connectionConfig, String domain);

    /**
     * Refuses a filter that would let through only what this sink never sends.
     *
     * @throws io.thinedge.eventhandlers.handler.InvalidHandlerException naming the filter field
     */
    default void validateFilter(EventFilter filter) {
    }

    /** True when this sink sends an event of this type on; false when it drops it (e.g. to Cumulocity). */
    default boolean sends(String eventType) {
        return true;
    }

    /**
     * The local MQTT topic prefix the handler publishes under, if it publishes there: a handler
     * outside the root domain may not use the gateway's own topics.
     */
    default Optional<String> topicPrefix(JsonNode connectionConfig) {
        return Optional.empty();
    }

    /** What this type takes when a request leaves connectionConfig out; null when it needs one. */
    default JsonNode defaultConfig() {
        return null;
    }

    /** The top-level fields of a request body that belong to the connectionConfig (Coiote's shapes). */
    default Set<String> topLevelConfigFields() {
        return Set.of();
    }

    /**
     * The body with Coiote's other shapes of this type mapped onto the nested connectionConfig (a
     * copy when it changes; the body itself is left as it is).
     *
     * @param stored the stored connectionConfig for an update, else null
     */
    default ObjectNode nested(ObjectNode body, JsonNode stored) {
        return body;
    }

    /** What the create and update verbs of this type accept besides Coiote's nested model (API docs). */
    default String apiNotes() {
        return "";
    }

    /** Replaces the secrets a config of this type holds by {@link Secrets#PLACEHOLDER}, in place. */
    void maskSecrets(ObjectNode config);

    /**
     * Puts the stored secrets back where {@code config} holds the placeholder, in place.
     *
     * @param stored the stored connectionConfig, an empty object when nothing is stored
     * @throws io.thinedge.eventhandlers.handler.InvalidHandlerException when the placeholder stands where nothing is stored
     */
    void restoreSecrets(ObjectNode config, JsonNode stored);

    /**
     * Sets up what the Kamelet needs under {@code setupId} and returns its endpoint URI
     * ({@link HandlerSinks#kameletUri}). The built-in Kamelets get the id, never the secrets.
     */
    String endpoint(String setupId, EventHandler handler);

    /** Forgets what {@link #endpoint} set up under {@code setupId}, if anything. */
    default void tearDown(String setupId) {
    }

    /** The body the Kamelet gets for one event: the event itself, which the built-in Kamelets' beans read. */
    default Object sinkBody(Event event) {
        return event;
    }

    /** The Content-Type header a handler's route gives {@link #sinkBody}, if any. */
    default Optional<String> contentType() {
        return Optional.empty();
    }

    /**
     * True when the sink takes a batch of events in one go (a list body, one message per event):
     * camel-kafka sends it as one record per event and waits once for all of them; the SmartREST
     * Kamelet publishes them one by one and waits once for all the PUBACKs; the webhook Kamelet
     * sends each device's events in order, several devices' at once.
     */
    default boolean takesBatches() {
        return false;
    }
}
