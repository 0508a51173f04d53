package io.thinedge.eventhandlers.sink.webhook;

import java.time.Duration;
import java.util.Locale;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.service.ServiceHelper;

import io.thinedge.eventhandlers.event.Event;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.sink.EventPayloads;
import io.thinedge.eventhandlers.sink.Sink;

/**
 * A webhook handler, over camel-http: its method, {@code Authorization} from its auth strategy, its
 * additional headers, the generic JSON or InfluxDB line protocol body. Certificates are validated
 * (the JVM's trust, or the {@value #SSL_CONTEXT_BEAN} bean: bound from {@code webhook.trust-store} by
 * {@link WebhookTrust}, or by an integrator); redirects are not
 * followed; {@code webhook.timeout} bounds connecting and waiting for the answer; one attempt per
 * delivery (no retries by the client). A non-2xx status, a timeout, a connection or TLS error is
 * thrown: a failed delivery.
 *
 * <p>The endpoint is this handler's own (not shared through the context's endpoint cache), so its
 * connection pool closes with the handler.
 */
public final class WebhookSink implements Sink {

    /** Optional registry bean: the trust (and client keys) for HTTPS receivers, e.g. a private CA. */
    public static final String SSL_CONTEXT_BEAN = "webhookSslContextParameters";

    private final WebhookConfig config;
    private final Endpoint endpoint;
    private final Producer producer;
    private final HttpMethods method;

    public WebhookSink(EventHandler handler, CamelContext context, Duration timeout) throws Exception {
        this.config = WebhookConfig.from(handler.connectionConfig());
        this.method = HttpMethods.valueOf(config.method().name());
        String scheme = config.uri().getScheme().toLowerCase(Locale.ROOT);
        long millis = timeout.toMillis();
        StringBuilder uri = new StringBuilder(scheme).append("://").append(config.uri().getRawAuthority())
                .append("?throwExceptionOnFailure=true&followRedirects=false")
                .append("&connectTimeout=").append(millis)
                .append("&responseTimeout=").append(millis)
                .append("&soTimeout=").append(millis)
                .append("&connectionRequestTimeout=").append(millis);
        if (context.getRegistry().lookupByNameAndType(SSL_CONTEXT_BEAN, SSLContextParameters.class) != null) {
            uri.append("&sslContextParameters=#").append(SSL_CONTEXT_BEAN);
        }
        HttpEndpoint http = (HttpEndpoint) context.getComponent(scheme, HttpComponent.class).createEndpoint(uri.toString());
        // one attempt per delivery: the client would otherwise retry a 503 or a dropped connection by
        // itself, and the breaker must count what the receiver answered
        HttpClientConfigurer configured = http.getHttpClientConfigurer();
        http.setHttpClientConfigurer(builder -> {
            if (configured != null) {
                configured.configureHttpClient(builder);
            }
            builder.disableAutomaticRetries();
        });
        this.endpoint = http;
        ServiceHelper.startService(endpoint);
        this.producer = endpoint.createProducer();
        ServiceHelper.startService(producer);
    }

    @Override
    public void deliver(Event event) throws Exception {
        Exchange exchange = endpoint.createExchange();
        org.apache.camel.Message request = exchange.getMessage();
        // the exact URI as configured (path and query untouched by endpoint URI normalisation)
        request.setHeader(Exchange.HTTP_URI, config.uri().toString());
        // camel-http's own enum: a String here went through the type converter's slow lookup on every
        // request (11% of the delivering thread in a perf profile at 1 000 events/s)
        request.setHeader(Exchange.HTTP_METHOD, method);
        config.additionalHeaders().forEach(request::setHeader);
        config.auth().authorizationHeader().ifPresent(value -> request.setHeader("Authorization", value));
        if (config.format() == WebhookConfig.Format.INFLUX_DB) {
            request.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
            request.setBody(EventPayloads.influxLine(event));
        } else {
            request.setHeader(Exchange.CONTENT_TYPE, "application/json");
            request.setBody(EventPayloads.genericJson(event));
        }
        producer.process(exchange);
        if (exchange.getException() != null) {
            throw exchange.getException();
        }
    }

    @Override
    public void close() {
        ServiceHelper.stopAndShutdownServices(producer, endpoint);
    }
}
