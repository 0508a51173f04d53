package io.thinedge.eventhandlers.sink.smartrest;

/**
 * The converted event is too large for MQTT and cannot go over HTTPS either, because the tenant
 * URL (or the source id) is not configured.
 */
public class MessageTooLargeException extends SmartRestException {

    private final int sizeBytes;

    public MessageTooLargeException(String sourceTopic, String deviceId, int sizeBytes, String missingKey) {
        super(sourceTopic, deviceId, "the converted message is " + sizeBytes + " bytes, too large for MQTT (it must be under "
                + SmartRest.MQTT_MESSAGE_LIMIT_BYTES + " bytes), and it cannot be POSTed over HTTPS because "
                + missingKey + " is not set");
        this.sizeBytes = sizeBytes;
    }

    public int sizeBytes() {
        return sizeBytes;
    }

    public int limitBytes() {
        return SmartRest.MQTT_MESSAGE_LIMIT_BYTES;
    }
}
