package io.thinedge.eventhandlers.dispatch;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.thinedge.eventhandlers.event.Event;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.ingest.BadInputException;
import io.thinedge.eventhandlers.sink.EventPayloads;

/**
 * The {@code handlerPreviews} bean behind {@code POST {base}/{id}/preview}: a thin-edge topic and
 * payload go through the YAML steps before dispatch (parsing, an integrator's filters and
 * headers), then the handler's filter is applied and its sink's request is built
 * ({@link DeliveryPreview}) without anything being sent, counted or stored.
 */
public final class HandlerPreviews {

    public static final String BEAN = "handlerPreviews";
    private static final Pattern TE_EVENT = Pattern.compile("te/[^/#+]*/[^/#+]*/[^/#+]*/[^/#+]*/e/[^/#+]*");
    private static final Pattern TE_MEASUREMENT = Pattern.compile("te/[^/#+]*/[^/#+]*/[^/#+]*/[^/#+]*/m/[^/#+]*");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CamelContext context;
    private final DeliveryPreview deliveries;

    HandlerPreviews(CamelContext context, DeliveryPreview deliveries) {
        this.context = context;
        this.deliveries = deliveries;
    }

    /**
     * {@code {"matches":…,"events":[{"event":…,"matches":…,"delivery":…}]}}: one entry per event
     * dispatched (a measurement gives one per series; none when a step before dispatch dropped it).
     *
     * @throws IllegalArgumentException naming {@code topic} or {@code payload} when they are not a thin-edge event or measurement
     */
    public ObjectNode preview(EventHandler handler, String topic, String payload) throws Exception {
        DispatchPreview preview = new DispatchPreview();
        Exchange result;
        try (ProducerTemplate producer = context.createProducerTemplate()) {
            result = producer.send(ingestRoute(topic), exchange -> {
                exchange.setProperty(DispatchPreview.PROPERTY, preview);
                exchange.getMessage().setHeader(PahoMqtt5Constants.MQTT_TOPIC, topic);
                exchange.getMessage().setBody(payload.getBytes(StandardCharsets.UTF_8));
            });
        }
        Throwable failure = result.getException();
        if (failure instanceof BadInputException bad) {
            throw new IllegalArgumentException("payload: " + bad.getMessage(), bad);
        }
        if (failure instanceof Exception e) {
            throw e;
        }
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode events = answer.putArray("events");
        boolean anyMatch = false;
        for (QueuedEvent queued : preview.dispatched()) {
            Event event = queued.event();
            boolean matches = event.domain().startsWith(handler.domain()) && handler.filter().matches(event);
            anyMatch |= matches;
            ObjectNode entry = events.addObject();
            entry.set("event", JSON.readTree(EventPayloads.genericJsonBytes(event)));
            entry.put("matches", matches);
            if (matches) {
                entry.set("delivery", deliveries.render(handler, queued));
            }
        }
        answer.put("matches", anyMatch);
        return answer;
    }

    /** The route an MQTT message of this topic is handed to by the subscriptions of routes/. */
    private static String ingestRoute(String topic) {
        if (topic.startsWith("tedge/events/") || TE_EVENT.matcher(topic).matches()) {
            return "direct:tedge-event";
        }
        if (topic.equals("tedge/measurements") || topic.startsWith("tedge/measurements/") || TE_MEASUREMENT.matcher(topic).matches()) {
            return "direct:tedge-measurement";
        }
        throw new IllegalArgumentException("topic: not a thin-edge event or measurement topic (tedge/events/<type>[/<child>], "
                + "tedge/measurements[/<child>], te/<entity>/e/<type>, te/<entity>/m/<type>)");
    }
}
