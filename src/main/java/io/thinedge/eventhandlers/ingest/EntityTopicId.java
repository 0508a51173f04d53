package io.thinedge.eventhandlers.ingest;

/**
 * The entity a thin-edge 1.x topic is about: the four levels after {@code te/}, in thin-edge's
 * default scheme {@code device/<device>//} or {@code device/<device>/service/<service>}.
 *
 * @param device  the device name from the topic; {@code main} is the gateway itself
 * @param service the service name, or null for the device itself
 */
public record EntityTopicId(String device, String service) {

    private static final String MAIN = "main";

    /**
     * Reads levels 1–4 of {@code levels} (the topic split at {@code /}, {@code te} first).
     *
     * @throws BadInputException naming the expected scheme when the levels are another scheme
     */
    public static EntityTopicId parse(String topic, String[] levels, byte[] payload) {
        if (levels.length < 5 || !levels[0].equals("te") || !levels[1].equals("device") || levels[2].isEmpty()) {
            throw unsupported(topic, payload);
        }
        if (levels[3].isEmpty() && levels[4].isEmpty()) {
            return new EntityTopicId(levels[2], null);
        }
        if (levels[3].equals("service") && !levels[4].isEmpty()) {
            return new EntityTopicId(levels[2], levels[4]);
        }
        throw unsupported(topic, payload);
    }

    /** The child device this entity is or runs on; null for the main device and its services. */
    public String childId() {
        return device.equals(MAIN) ? null : device;
    }

    public boolean isService() {
        return service != null;
    }

    /**
     * The id lifecycle events of this entity carry: the device id (the child id, or
     * {@code tedge.device.id}), followed by {@code /service/<name>} for a service.
     */
    public String entityId(DeviceIdentity identity) {
        String deviceId = identity.deviceId(childId());
        return service == null ? deviceId : deviceId + "/service/" + service;
    }

    private static BadInputException unsupported(String topic, byte[] payload) {
        return new BadInputException(topic, payload,
                "Unsupported entity topic id: expected device/<name>/ with an optional service/<name>");
    }
}
