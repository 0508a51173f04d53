package io.thinedge.eventhandlers.ingest;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;

/**
 * The {@code parseEvent} step of {@code routes/dispatch.camel.yaml}: the raw MQTT message (topic
 * header, payload) becomes a {@code DeviceEvent}, or a {@link BadInputException} naming what is
 * wrong ({@link EventParser}).
 */
public final class ParseEvent implements Processor {

    private final EventParser parser;

    public ParseEvent(EventParser parser) {
        this.parser = parser;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().setBody(parser.parse(topic(exchange), payload(exchange)));
    }

    static String topic(Exchange exchange) {
        return exchange.getMessage().getHeader(PahoMqtt5Constants.MQTT_TOPIC, String.class);
    }

    static byte[] payload(Exchange exchange) {
        byte[] payload = exchange.getMessage().getBody(byte[].class);
        return payload == null ? new byte[0] : payload;
    }
}
