package io.thinedge.eventhandlers.ingest;

/**
 * Where an event came from, read from its MQTT topic (SPEC §3 rule 1).
 *
 * @param type    the event type, never empty
 * @param childId the child device id, or null for the main device
 */
public record EventTopic(String type, String childId) {

    private static final String LEGACY_PREFIX = "tedge/events";

    /** Reads {@code tedge/events/<type>[/<child>]} or {@code te/device/<child>///e/<type>}. */
    public static EventTopic parse(String topic, byte[] payload) {
        String[] levels = topic.split("/", -1);
        if (topic.startsWith(LEGACY_PREFIX + "/") || topic.equals(LEGACY_PREFIX)) {
            return legacy(topic, levels, payload);
        }
        if (levels.length > 0 && levels[0].equals("te")) {
            return entity(topic, levels, payload);
        }
        throw new BadInputException(topic, payload, "Unsupported topic: not an event topic");
    }

    private static EventTopic legacy(String topic, String[] levels, byte[] payload) {
        if (levels.length < 3 || levels[2].isEmpty()) {
            throw new BadInputException(topic, payload, "Event type is missing from the topic");
        }
        if (levels.length > 4) {
            throw new BadInputException(topic, payload,
                    "Unsupported topic: expected tedge/events/<type> or tedge/events/<type>/<child>");
        }
        String child = levels.length == 4 && !levels[3].isEmpty() ? levels[3] : null;
        return new EventTopic(levels[2], child);
    }

    /** The thin-edge entity scheme: {@code te/<entity topic id (4 levels)>/e/<type>}. */
    private static EventTopic entity(String topic, String[] levels, byte[] payload) {
        if (levels.length != 7 || !levels[5].equals("e")) {
            throw new BadInputException(topic, payload, "Unsupported topic: expected te/device/<child>///e/<type>");
        }
        if (levels[6].isEmpty()) {
            throw new BadInputException(topic, payload, "Event type is missing from the topic");
        }
        if (!levels[1].equals("device") || levels[2].isEmpty()) {
            throw new BadInputException(topic, payload,
                    "Unsupported entity topic id: expected device/<name>/ with an optional service/<name>");
        }
        boolean isDeviceItself = levels[3].isEmpty() && levels[4].isEmpty();
        boolean isService = levels[3].equals("service") && !levels[4].isEmpty();
        if (!isDeviceItself && !isService) {
            throw new BadInputException(topic, payload,
                    "Unsupported entity topic id: expected device/<name>/ with an optional service/<name>");
        }
        // a service's events are raised on behalf of the device it runs on
        String child = levels[2].equals("main") ? null : levels[2];
        return new EventTopic(levels[6], child);
    }
}
