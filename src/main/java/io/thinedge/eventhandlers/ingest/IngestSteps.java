package io.thinedge.eventhandlers.ingest;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;

/**
 * The Java steps of {@code routes/dispatch.camel.yaml}'s parse routes, bound as {@code parseEvent}
 * and {@code parseMeasurement}: the raw MQTT message (topic header, payload) becomes a
 * {@code DeviceEvent}, or a list of {@code TelemetryEvent}s, or a {@link BadInputException}
 * naming what is wrong.
 */
public final class IngestSteps {

    private IngestSteps() {
    }

    public static Processor parseEvent(EventParser parser) {
        return exchange -> exchange.getMessage().setBody(parser.parse(topic(exchange), payload(exchange)));
    }

    public static Processor parseMeasurement(MeasurementParser parser) {
        return exchange -> exchange.getMessage().setBody(parser.parse(topic(exchange), payload(exchange)));
    }

    private static String topic(Exchange exchange) {
        return exchange.getMessage().getHeader(PahoMqtt5Constants.MQTT_TOPIC, String.class);
    }

    private static byte[] payload(Exchange exchange) {
        byte[] payload = exchange.getMessage().getBody(byte[].class);
        return payload == null ? new byte[0] : payload;
    }
}
