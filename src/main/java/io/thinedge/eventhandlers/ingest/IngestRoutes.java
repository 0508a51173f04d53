package io.thinedge.eventhandlers.ingest;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;

import io.thinedge.eventhandlers.metrics.EventCounter;

/**
 * The Java half of ingest: the YAML routes in {@code routes/} subscribe and hand raw MQTT messages
 * to these endpoints; here they are parsed, enriched and passed on to {@code direct:dispatch}
 * with a {@code DeviceEvent} or {@code TelemetryEvent} body.
 */
public class IngestRoutes extends RouteBuilder {

    public static final String EVENTS = "direct:tedge-event";
    public static final String MEASUREMENTS = "direct:tedge-measurement";
    public static final String DISPATCH = "direct:dispatch";

    private final EventParser events;
    private final MeasurementParser measurements;

    public IngestRoutes(EventParser events, MeasurementParser measurements) {
        this.events = events;
        this.measurements = measurements;
    }

    @Override
    public void configure() {
        EventCounter eventsIn = new EventCounter("tedge.events.in", "Events read from MQTT and parsed");
        from(EVENTS).routeId("parse-event").routeConfigurationId(ErrorReporting.ID)
                .process(exchange -> exchange.getMessage().setBody(events.parse(topic(exchange), payload(exchange))))
                .process(eventsIn)
                .to(DISPATCH);

        from(MEASUREMENTS).routeId("parse-measurement").routeConfigurationId(ErrorReporting.ID)
                .process(exchange -> exchange.getMessage().setBody(
                        measurements.parse(topic(exchange), payload(exchange))))
                // one dispatch per series, in order; the message is acknowledged when all are done
                .split(body()).stopOnException()
                    .process(eventsIn)
                    .to(DISPATCH)
                .end();
    }

    private static String topic(org.apache.camel.Exchange exchange) {
        return exchange.getMessage().getHeader(PahoMqtt5Constants.MQTT_TOPIC, String.class);
    }

    private static byte[] payload(org.apache.camel.Exchange exchange) {
        byte[] payload = exchange.getMessage().getBody(byte[].class);
        return payload == null ? new byte[0] : payload;
    }
}
