package io.thinedge.eventhandlers.sink.webhook;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * The {@code tedgeWebhookClients} bean: one attempt per delivery. The HTTP client would otherwise
 * retry a 503 or a dropped connection by itself, and the breaker must count what the receiver
 * answered.
 */
public final class WebhookClients implements HttpClientConfigurer {

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.disableAutomaticRetries();
    }
}
