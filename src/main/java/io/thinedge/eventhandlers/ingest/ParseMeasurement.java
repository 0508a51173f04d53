package io.thinedge.eventhandlers.ingest;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The {@code parseMeasurement} step of {@code routes/dispatch.camel.yaml}: the raw MQTT message
 * becomes a list of {@code TelemetryEvent}s, or a {@link BadInputException} naming what is wrong
 * ({@link MeasurementParser}).
 */
public final class ParseMeasurement implements Processor {

    private final MeasurementParser parser;

    public ParseMeasurement(MeasurementParser parser) {
        this.parser = parser;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().setBody(parser.parse(ParseEvent.topic(exchange), ParseEvent.payload(exchange)));
    }
}
