package io.thinedge.eventhandlers.ingest;

import java.util.Optional;

/**
 * A message that cannot become an event. Its message is what goes to {@code tedge/errors},
 * worded as thin-edge's own mapper words it, with the topic and the start of the payload.
 */
public class BadInputException extends RuntimeException {

    private static final int SNIPPET_LENGTH = 50;

    private final String topic;

    public BadInputException(String topic, byte[] payload, String detail) {
        super("Parsing of event message received on topic: " + topic + " failed due to error: " + detail
                + ". Snipped payload: " + snippet(payload));
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }

    private static String snippet(byte[] payload) {
        Optional<String> decoded = StrictUtf8.decode(payload);
        if (decoded.isEmpty()) {
            return "<" + payload.length + " bytes, not UTF-8>";
        }
        String text = decoded.get();
        int end = text.offsetByCodePoints(0, Math.min(SNIPPET_LENGTH, text.codePointCount(0, text.length())));
        return text.substring(0, end);
    }
}
