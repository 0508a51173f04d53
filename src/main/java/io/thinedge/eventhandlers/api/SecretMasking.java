package io.thinedge.eventhandlers.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.thinedge.eventhandlers.handler.InvalidHandlerException;
import io.thinedge.eventhandlers.sink.HandlerSinks;
import io.thinedge.eventhandlers.sink.Secrets;
import io.thinedge.eventhandlers.sink.Sink;

/**
 * The secrets of a connectionConfig (SPEC §5), as each handler type's {@link Sink} knows them: they
 * leave the API as one fixed placeholder; a PUT that sends the placeholder back (or null for an
 * auth secret) keeps the stored value. Every type's rules apply to every config, so that a secret
 * in a field of another type's shape is masked all the same.
 */
public final class SecretMasking {

    public static final String PLACEHOLDER = Secrets.PLACEHOLDER;

    private SecretMasking() {
    }

    /** A copy with every secret replaced by the placeholder. */
    static JsonNode mask(HandlerSinks sinks, JsonNode config) {
        if (!(config instanceof ObjectNode original)) {
            return config;
        }
        ObjectNode copy = original.deepCopy();
        sinks.all().forEach(sink -> sink.maskSecrets(copy));
        return copy;
    }

    /**
     * A copy of {@code incoming} with the placeholder (and null auth secrets) replaced by the
     * values in {@code stored} (null when nothing is stored).
     *
     * @throws InvalidHandlerException when the placeholder stands where nothing is stored
     */
    static JsonNode restore(HandlerSinks sinks, JsonNode incoming, JsonNode stored) {
        if (!(incoming instanceof ObjectNode original)) {
            return incoming;
        }
        ObjectNode copy = original.deepCopy();
        JsonNode storedConfig = stored == null ? copy.objectNode() : stored;
        sinks.all().forEach(sink -> sink.restoreSecrets(copy, storedConfig));
        return copy;
    }
}
