package io.thinedge.eventhandlers.sink.smartrest;

/**
 * An event that cannot be converted or delivered to Cumulocity. It names the event's topic and
 * device so that the failure can be reported for that one message.
 */
public class SmartRestException extends RuntimeException {

    private final String sourceTopic;
    private final String deviceId;

    public SmartRestException(String sourceTopic, String deviceId, String problem) {
        this(sourceTopic, deviceId, problem, null);
    }

    public SmartRestException(String sourceTopic, String deviceId, String problem, Throwable cause) {
        super("Event from " + deviceId + " on " + sourceTopic + " not sent to Cumulocity: " + problem, cause);
        this.sourceTopic = sourceTopic;
        this.deviceId = deviceId;
    }

    public String sourceTopic() {
        return sourceTopic;
    }

    public String deviceId() {
        return deviceId;
    }
}
