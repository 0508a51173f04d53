package io.thinedge.eventhandlers.ingest;

import org.apache.camel.builder.RouteConfigurationBuilder;

import io.thinedge.eventhandlers.metrics.EventCounter;

/**
 * The route configuration that ingest routes opt into: a message that cannot become an event is
 * reported once on {@code tedge/errors} and acknowledged; the route goes on with the next one.
 * Bad input is never retried: it would fail the same way again.
 */
public class ErrorReporting extends RouteConfigurationBuilder {

    public static final String ID = "report-bad-input";

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(BadInputException.class)
                // a handler preview (POST …/{id}/preview) answers the problem to its caller instead
                .onWhen(exchangeProperty("TedgePreview").isNull())
                .handled(true)
                // the payload snippet stays out of the log: it goes to tedge/errors only
                .log(org.apache.camel.LoggingLevel.WARN, "Bad input on ${header.CamelMqttTopic} reported on {{tedge.errors.topic}}")
                .setBody(simple("${exception.message}"))
                .removeHeaders("*")
                .to("paho-mqtt5:{{tedge.errors.topic}}?client=#mqttPublisher&qos=1")
                .process(new EventCounter("tedge.parse.errors", "Messages that could not be read as events"));
    }
}
