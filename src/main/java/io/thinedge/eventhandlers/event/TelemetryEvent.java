package io.thinedge.eventhandlers.event;

import java.math.BigDecimal;

/**
 * One series of a thin-edge measurement, e.g. {@code /Climate/humidity = 50}.
 *
 * @param path  the series path: {@code /temperature}, or {@code /Climate/humidity} for a group
 * @param value the numeric value as it was sent
 */
public record TelemetryEvent(
        String deviceId,
        boolean childDevice,
        String domain,
        String path,
        BigDecimal value,
        String time,
        long timestampMillis,
        String sourceTopic) implements Event {

    public static final String EVENT_TYPE = "telemetry";

    @Override
    public String eventType() {
        return EVENT_TYPE;
    }
}
