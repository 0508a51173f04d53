package io.thinedge.eventhandlers.dispatch;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.KafkaHeaderFilterStrategy;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.support.DefaultExchange;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.sink.HandlerSinks;
import io.thinedge.eventhandlers.sink.RouteChanges;
import io.thinedge.eventhandlers.sink.SinkSetups;
import io.thinedge.eventhandlers.sink.kafka.KafkaConfig;

/**
 * What a handler's sink would send for one event, built by the sink's own bean ({@code webhookRequests},
 * {@code kafkaRecords}) and filtered by the header filter strategy of its Camel component, as on the
 * wire: a webhook's request (method, {@code scheme://host:port/path} without credentials or query,
 * headers with {@code Authorization} masked, body), a Kafka handler's records (topic, key, headers,
 * value). SmartREST and Kamelet handlers show the event and headers their Kamelet gets.
 */
final class DeliveryPreview {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MASKED = "***";

    private final CamelContext context;
    private final HandlerSinks sinks;
    private final RouteChanges routeChanges;

    DeliveryPreview(CamelContext context, HandlerSinks sinks) {
        this.context = context;
        this.sinks = sinks;
        this.routeChanges = RouteChanges.of(context);
    }

    ObjectNode render(EventHandler handler, QueuedEvent queued) throws Exception {
        String setupId = "preview-" + UUID.randomUUID();
        Exchange exchange = new DefaultExchange(context);
        queued.applyTo(exchange);
        exchange.setProperty(SinkSetups.SETUP_PROPERTY, setupId);
        exchange.getMessage().setBody(sinks.of(handler.type()).sinkBody(queued.event()));
        synchronized (routeChanges) {
            sinks.setUp(setupId, handler);
        }
        try {
            return switch (handler.type()) {
                case WEBHOOK -> webhook(exchange);
                case KAFKA -> kafka(exchange, handler);
                case SMARTREST, KAMELET -> kameletInput(exchange, handler);
            };
        } finally {
            synchronized (routeChanges) {
                sinks.tearDown(setupId);
            }
        }
    }

    private ObjectNode webhook(Exchange exchange) throws Exception {
        bean("webhookRequests").process(exchange);
        Message request = exchange.getMessage();
        URI uri = URI.create(request.getHeader(Exchange.HTTP_URI, String.class));
        ObjectNode delivery = JSON.createObjectNode();
        delivery.put("endpoint", uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null ? "" : uri.getRawPath()));
        delivery.put("method", String.valueOf(request.getHeader(Exchange.HTTP_METHOD)));
        delivery.set("headers", headers(request.getHeaders(), new HttpHeaderFilterStrategy(), exchange));
        delivery.put("body", request.getBody(String.class));
        return delivery;
    }

    private ObjectNode kafka(Exchange exchange, EventHandler handler) throws Exception {
        bean("kafkaRecords").process(exchange);
        ObjectNode delivery = JSON.createObjectNode();
        delivery.put("endpoint", "kafka:" + KafkaConfig.from(handler.connectionConfig()).topic());
        HeaderFilterStrategy filter = new KafkaHeaderFilterStrategy();
        for (Object each : exchange.getMessage().getBody(List.class)) {
            Message record = (Message) each;
            ObjectNode shown = delivery.withArray("records").addObject();
            shown.put("key", record.getHeader(KafkaConstants.KEY, String.class));
            shown.set("headers", headers(record.getHeaders(), filter, exchange));
            shown.put("value", text(record.getBody()));
        }
        return delivery;
    }

    private ObjectNode kameletInput(Exchange exchange, EventHandler handler) {
        ObjectNode delivery = JSON.createObjectNode();
        delivery.put("endpoint", handler.type().apiName());
        delivery.set("headers", headers(exchange.getMessage().getHeaders(), new HttpHeaderFilterStrategy(), exchange));
        delivery.put("body", text(exchange.getMessage().getBody()));
        return delivery;
    }

    private Processor bean(String name) {
        return context.getRegistry().lookupByNameAndType(name, Processor.class);
    }

    /** The headers the component puts on the wire; Authorization masked. */
    private static ObjectNode headers(Map<String, Object> headers, HeaderFilterStrategy filter, Exchange exchange) {
        ObjectNode shown = JSON.createObjectNode();
        headers.forEach((name, value) -> {
            if (value != null && !filter.applyFilterToCamelHeaders(name, value, exchange)) {
                shown.put(name, name.equalsIgnoreCase("Authorization") ? MASKED : text(value));
            }
        });
        return shown;
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }
}
