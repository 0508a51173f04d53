package io.thinedge.eventhandlers.event;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A thin-edge event after parsing and enrichment (SPEC §3).
 *
 * @param deviceId    the child id, or the main device id
 * @param childDevice true when raised by a child device (not the gateway itself)
 * @param domain      the device's domain
 * @param type        the event type from the topic, never empty
 * @param text        the text; the type when the payload had none
 * @param time        RFC 3339 time as it is forwarded (normalised, see {@code EventTime})
 * @param timestampMillis the same instant in epoch milliseconds
 * @param extras      every other key of the payload, in payload order (custom fragments)
 * @param sourceTopic the MQTT topic the event came from
 */
public record DeviceEvent(
        String deviceId,
        boolean childDevice,
        String domain,
        String type,
        String text,
        String time,
        long timestampMillis,
        Map<String, JsonNode> extras,
        String sourceTopic) implements Event {

    public DeviceEvent {
        extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    }

    @Override
    public String eventType() {
        return type;
    }
}
