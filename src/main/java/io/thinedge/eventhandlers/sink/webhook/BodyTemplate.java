package io.thinedge.eventhandlers.sink.webhook;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;

import io.thinedge.eventhandlers.event.DeviceEvent;
import io.thinedge.eventhandlers.event.Event;
import io.thinedge.eventhandlers.event.TelemetryEvent;
import io.thinedge.eventhandlers.handler.InvalidHandlerException;
import io.thinedge.eventhandlers.sink.EventPayloads;

/**
 * A webhook's {@code bodyTemplate}, in Camel's {@code simple} language, the template language
 * integrators already write in their routes. The event is given as exchange variables:
 * {@code ${variable.type}}, {@code text}, {@code time}, {@code timestamp} (epoch ms),
 * {@code deviceId}, {@code domain}, {@code extras} (the custom fragments as a JSON object),
 * {@code path} and {@code value} (telemetry), and {@code json} (the whole generic JSON body).
 * Values are inserted as they are: a template that builds JSON quotes strings itself, or uses
 * {@code ${variable.json}} / {@code ${variable.extras}}.
 */
public final class BodyTemplate {

    private BodyTemplate() {
    }

    /** @throws InvalidHandlerException naming {@code connectionConfig.bodyTemplate} when it is not valid simple */
    public static Expression compile(CamelContext context, String template) {
        try {
            Expression expression = context.resolveLanguage("simple").createExpression(template);
            expression.init(context);
            return expression;
        } catch (RuntimeException e) {
            throw new InvalidHandlerException("connectionConfig.bodyTemplate",
                    "is not a valid Camel simple template: " + e.getMessage());
        }
    }

    /** JSON when the template looks like a JSON object or array, else plain text. */
    static String contentType(String template) {
        String start = template.stripLeading();
        return start.startsWith("{") || start.startsWith("[") ? "application/json" : "text/plain; charset=utf-8";
    }

    static String render(Expression template, Exchange exchange, Event event) {
        exchange.setVariable("type", event.eventType());
        exchange.setVariable("deviceId", event.deviceId());
        exchange.setVariable("domain", event.domain());
        exchange.setVariable("timestamp", event.timestampMillis());
        exchange.setVariable("json", EventPayloads.genericJson(event));
        if (event instanceof DeviceEvent device) {
            exchange.setVariable("text", device.text());
            exchange.setVariable("time", device.time());
            exchange.setVariable("extras", extras(device.extras()).toString());
        } else if (event instanceof TelemetryEvent telemetry) {
            exchange.setVariable("path", telemetry.path());
            exchange.setVariable("value", telemetry.value().toPlainString());
        }
        return template.evaluate(exchange, String.class);
    }

    private static ObjectNode extras(Map<String, JsonNode> extras) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        extras.forEach(node::set);
        return node;
    }
}
