package io.thinedge.eventhandlers.sink.webhook;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.http.HttpMethods;

import io.thinedge.eventhandlers.event.Event;
import io.thinedge.eventhandlers.sink.EventPayloads;
import io.thinedge.eventhandlers.sink.SharedJson;
import io.thinedge.eventhandlers.sink.SinkSetups;

/**
 * The {@code webhookRequests} bean of the {@code tedge-webhook-sink} Kamelet: makes the event the
 * handler's request. Its exact URI (path and query untouched by endpoint URI normalisation), its
 * method, {@code Authorization} from its auth strategy, its additional headers, and the body: the
 * generic JSON, InfluxDB line protocol, or its {@code bodyTemplate} ({@link BodyTemplate}).
 */
public final class WebhookRequests implements Processor {

    /** A handler's webhook config, read once. */
    private record Setup(WebhookConfig config, HttpMethods method) {
    }

    private final SinkSetups setups;
    private final SharedJson json;

    public WebhookRequests(SinkSetups setups, SharedJson json) {
        this.setups = setups;
        this.json = json;
    }

    /** For the handler the Kamelet names ({@link SinkSetups#SETUP_PROPERTY}). */
    @Override
    public void process(Exchange exchange) throws InvalidPayloadException {
        request(exchange, SinkSetups.setupOf(exchange));
    }

    void request(Exchange exchange, String handlerId) throws InvalidPayloadException {
        Setup setup = setups.parsed(handlerId, Setup.class, handler -> {
            WebhookConfig config = WebhookConfig.ofStored(handlerId, handler.connectionConfig());
            return new Setup(config, HttpMethods.valueOf(config.method().name()));
        });
        Event event = exchange.getMessage().getMandatoryBody(Event.class);
        Message request = exchange.getMessage();
        // first, so that what the forwarder sets below always wins (names Camel acts on are refused anyway)
        setup.config().additionalHeaders().forEach(request::setHeader);
        // the path and query exactly as configured, in headers: the endpoint is the scheme and host
        // only (WebhookConfig#endpoint), and Camel's normalisation would re-encode a query (%20 became +)
        java.net.URI uri = setup.config().uri();
        request.setHeader(Exchange.HTTP_URI, uri.getRawQuery() == null ? uri.toString()
                : uri.toString().substring(0, uri.toString().indexOf('?')));
        if (uri.getRawQuery() != null) {
            request.setHeader(Exchange.HTTP_QUERY, uri.getRawQuery());
        }
        // camel-http's own enum: a String here went through the type converter's slow lookup on every
        // request (11% of the delivering thread in a perf profile at 1 000 events/s)
        request.setHeader(Exchange.HTTP_METHOD, setup.method());
        setup.config().auth().authorizationHeader().ifPresent(value -> request.setHeader("Authorization", value));
        if (setup.config().bodyTemplate().isPresent()) {
            BodyTemplate template = setup.config().bodyTemplate().get();
            request.setHeader(Exchange.CONTENT_TYPE, template.contentType());
            request.setBody(template.render(event, request::getHeader));
        } else if (setup.config().format() == WebhookConfig.Format.INFLUX_DB) {
            request.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
            request.setBody(EventPayloads.influxLine(event, setup.config().precision()));
        } else {
            request.setHeader(Exchange.CONTENT_TYPE, "application/json");
            request.setBody(json.string(event));
        }
    }
}
