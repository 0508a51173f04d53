package io.thinedge.eventhandlers.ingest;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.thinedge.eventhandlers.event.TelemetryEvent;

/**
 * Turns a thin-edge JSON measurement ({@code tedge/measurements[/<child>]}, or thin-edge 1.x's
 * {@code te/device/<child>///m/<type>}) into one {@link TelemetryEvent} per series:
 * {@code {"temperature":25,"Climate":{"humidity":50}}} gives {@code /temperature} and
 * {@code /Climate/humidity}. The measurement type of a {@code te/} topic names the group of series
 * for thin-edge's cloud mappers; the paths are the same as on the classic topics.
 */
public class MeasurementParser {

    private static final String PREFIX = "tedge/measurements";

    private final DeviceIdentity identity;
    private final Clock clock;

    public MeasurementParser(DeviceIdentity identity, Clock clock) {
        this.identity = identity;
        this.clock = clock;
    }

    public List<TelemetryEvent> parse(String topic, byte[] payload) {
        String child = child(topic, payload);
        if (payload.length == 0) {
            throw new BadInputException(topic, payload, "Measurement payload is empty: expected a JSON object");
        }
        Map<String, JsonNode> fields = EventParser.jsonObject(topic, payload);
        OffsetDateTime time = EventTime.now(clock);
        JsonNode givenTime = fields.get("time");
        if (givenTime != null && !givenTime.isNull()) {
            time = time(topic, payload, givenTime);
        }
        String deviceId = identity.deviceId(child);
        String domain = identity.domainOf(child);
        String when = EventTime.format(time);
        long millis = time.toInstant().toEpochMilli();

        List<TelemetryEvent> series = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : fields.entrySet()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.equals("time") || (name.equals("type") && value.isTextual())) {
                continue;
            }
            if (value.isNumber()) {
                series.add(new TelemetryEvent(deviceId, child != null, domain, "/" + name, value.decimalValue(), when,
                        millis, topic));
            } else if (value.isObject()) {
                for (Map.Entry<String, JsonNode> member : value.properties()) {
                    if (!member.getValue().isNumber()) {
                        throw new BadInputException(topic, payload, "Measurement " + name + "." + member.getKey()
                                + " must be a number, not " + EventParser.kind(member.getValue()));
                    }
                    series.add(new TelemetryEvent(deviceId, child != null, domain, "/" + name + "/" + member.getKey(),
                            member.getValue().decimalValue(), when, millis, topic));
                }
            } else {
                throw new BadInputException(topic, payload,
                        "Measurement " + name + " must be a number or a group of numbers, not " + EventParser.kind(value));
            }
        }
        if (series.isEmpty()) {
            throw new BadInputException(topic, payload, "Measurement holds no series");
        }
        return series;
    }

    private static String child(String topic, byte[] payload) {
        String[] levels = topic.split("/", -1);
        if (levels[0].equals("te")) {
            if (levels.length != 7 || !levels[5].equals("m")) {
                throw new BadInputException(topic, payload, "Unsupported topic: expected te/device/<name>///m/<type>");
            }
            // a service's measurements are the device's, as its events are
            return EntityTopicId.parse(topic, levels, payload).childId();
        }
        if (!topic.startsWith(PREFIX) || levels.length < 2 || levels.length > 3 || !levels[1].equals("measurements")) {
            throw new BadInputException(topic, payload,
                    "Unsupported topic: expected tedge/measurements or tedge/measurements/<child>");
        }
        return levels.length == 3 && !levels[2].isEmpty() ? levels[2] : null;
    }

    /** thin-edge accepts an RFC 3339 string or Unix seconds (with a fraction) as the measurement time. */
    private static OffsetDateTime time(String topic, byte[] payload, JsonNode value) {
        if (value.isNumber()) {
            BigDecimal seconds = value.decimalValue();
            long millis = seconds.movePointRight(3).longValue();
            return OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
        }
        if (!value.isTextual()) {
            throw new BadInputException(topic, payload, "time must be an RFC 3339 string or a number, not "
                    + EventParser.kind(value));
        }
        try {
            return EventTime.parse(value.textValue());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(topic, payload, e.getMessage());
        }
    }
}
