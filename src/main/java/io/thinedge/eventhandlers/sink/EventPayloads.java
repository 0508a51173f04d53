package io.thinedge.eventhandlers.sink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.thinedge.eventhandlers.event.DeviceEvent;
import io.thinedge.eventhandlers.event.Event;
import io.thinedge.eventhandlers.event.TelemetryEvent;
import io.thinedge.eventhandlers.sink.webhook.InfluxPrecision;

/**
 * The bodies Kafka and webhook handlers send (SPEC §4): Coiote's generic JSON, and InfluxDB line
 * protocol with timestamps in the unit the receiver's URI names ({@link InfluxPrecision}).
 */
public final class EventPayloads {

    private static final ObjectMapper JSON = JsonMapper.builder()
            // characters outside the BMP as plain UTF-8 (as a String writer does), not as escaped surrogate pairs
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private EventPayloads() {
    }

    /**
     * {@code {"eventType","endpointName","domain","timestamp","time","text","data"}} for an event,
     * {@code {"eventType":"telemetry","endpointName","domain","url","value","timestamp"}} for telemetry.
     */
    public static String genericJson(Event event) {
        return new String(genericJsonBytes(event), StandardCharsets.UTF_8);
    }

    /**
     * The generic JSON as UTF-8, what Kafka sends: written straight to bytes, instead of into a
     * (synchronized) StringWriter, then a String that the producer encodes again. An event going to
     * several handlers is written once for all of them ({@link SharedJson}).
     */
    public static byte[] genericJsonBytes(Event event) {
        // written field by field: building a tree first cost as much again, on every event of every handler
        // a typical event's JSON (300-400 bytes) fits the first block: no second block, no joining
        ByteArrayBuilder out = new ByteArrayBuilder(512);
        try (JsonGenerator json = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("eventType", event.eventType());
            json.writeStringField("endpointName", event.deviceId());
            json.writeStringField("domain", event.domain());
            if (event instanceof TelemetryEvent telemetry) {
                json.writeStringField("url", telemetry.path());
                json.writeFieldName("value");
                json.writeNumber(telemetry.value());
                json.writeNumberField("timestamp", telemetry.timestampMillis());
            } else if (event instanceof DeviceEvent device) {
                json.writeNumberField("timestamp", device.timestampMillis());
                json.writeStringField("time", device.time());
                json.writeStringField("text", device.text());
                json.writeObjectFieldStart("data");
                for (Map.Entry<String, JsonNode> extra : device.extras().entrySet()) {
                    json.writeFieldName(extra.getKey());
                    // the node writes itself with the mapper's shared provider: writeTree went through
                    // ObjectMapper.writeValue, which sets up a provider for every value (a third of
                    // the JSON's cost with custom fragments, JFR)
                    extra.getValue().serialize(json, JSON.getSerializerProviderInstance());
                }
                json.writeEndObject();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("Event JSON cannot be written: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /**
     * {@code deviceEvent,domain=…,endpointName=…,eventType=<type> text="…" <time>} or
     * {@code telemetryEvent,domain=…,endpointName=…,eventType=telemetry /temperature=25 <time>},
     * the time in {@code precision}.
     */
    public static String influxLine(Event event, InfluxPrecision precision) {
        StringBuilder line = new StringBuilder();
        line.append(event instanceof TelemetryEvent ? "telemetryEvent" : "deviceEvent")
                .append(",domain=").append(LineProtocol.tag(event.domain()))
                .append(",endpointName=").append(LineProtocol.tag(event.deviceId()))
                .append(",eventType=").append(LineProtocol.tag(event.eventType()))
                .append(' ');
        if (event instanceof TelemetryEvent telemetry) {
            line.append(LineProtocol.fieldKey(telemetry.path())).append('=').append(telemetry.value().toPlainString());
        } else if (event instanceof DeviceEvent device) {
            line.append("text=").append(LineProtocol.stringField(device.text()));
        }
        return line.append(' ').append(precision.of(epochNanos(event))).toString();
    }

    /** The event's time to the nanosecond its RFC 3339 text holds; its milliseconds if that cannot be read. */
    private static long epochNanos(Event event) {
        String time = event instanceof DeviceEvent device ? device.time()
                : event instanceof TelemetryEvent telemetry ? telemetry.time() : null;
        try {
            java.time.Instant instant = java.time.OffsetDateTime.parse(time).toInstant();
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        } catch (RuntimeException unreadable) {
            return Math.multiplyExact(event.timestampMillis(), 1_000_000L);
        }
    }

    /** InfluxDB line protocol escaping, per element kind. */
    static final class LineProtocol {

        private LineProtocol() {
        }

        /** Tag keys and values: comma, equals sign and space are escaped; "" becomes an escaped space (no empty tag values exist). */
        static String tag(String value) {
            String escaped = escape(value, ",= ");
            return escaped.isEmpty() ? "\\ " : escaped;
        }

        /** Field keys: comma, equals sign and space are escaped. */
        static String fieldKey(String value) {
            return escape(value, ",= ");
        }

        /** String field values: double-quoted, backslash and double quote escaped. */
        static String stringField(String value) {
            return '"' + escape(value, "\"") + '"';
        }

        /**
         * Backslash-escapes {@code special} characters; line breaks (which would end the line) are
         * written as {@code \n} and {@code \r}; a backslash is doubled only in string fields,
         * where it is itself special.
         */
        private static String escape(String value, String special) {
            StringBuilder out = new StringBuilder(value.length() + 8);
            boolean stringField = special.equals("\"");
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\n') {
                    out.append("\\n");
                } else if (c == '\r') {
                    out.append("\\r");
                } else if (c == '\\' && stringField) {
                    out.append("\\\\");
                } else if (special.indexOf(c) >= 0) {
                    out.append('\\').append(c);
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }
}
