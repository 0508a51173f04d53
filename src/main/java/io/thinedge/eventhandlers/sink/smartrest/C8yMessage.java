package io.thinedge.eventhandlers.sink.smartrest;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/** One message for Cumulocity, as the marshaller produced it, ready to be sent as it is. */
public sealed interface C8yMessage permits C8yMessage.Mqtt, C8yMessage.HttpPost, C8yMessage.IdentityLookup {

    /** The body as sent. */
    String payload();

    /** Size of the body in UTF-8, the measure of Cumulocity's MQTT limit. */
    default int sizeBytes() {
        return payload().getBytes(StandardCharsets.UTF_8).length;
    }

    /** Published with QoS 1 on {@code topic}, e.g. {@code c8y/s/us}. */
    record Mqtt(String topic, String payload) implements C8yMessage {
    }

    /** POSTed as {@code application/json} to {@code uri}, e.g. {@code https://tenant/event/events/}. */
    record HttpPost(URI uri, String payload) implements C8yMessage {
    }

    /**
     * A GET of {@code uri} ({@code <url>/identity/externalIds/c8y_Serial/<child>}) that must come
     * first: the child's event is too large for MQTT, and its POST needs the child's managed-object
     * id, which Cumulocity answers as {@code managedObject.id}. Convert the event again with it.
     */
    record IdentityLookup(URI uri, String externalId) implements C8yMessage {

        /** A GET has no body. */
        @Override
        public String payload() {
            return "";
        }
    }
}
