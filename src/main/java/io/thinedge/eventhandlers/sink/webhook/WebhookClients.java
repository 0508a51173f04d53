package io.thinedge.eventhandlers.sink.webhook;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * The {@code webhookClients} bean: one attempt per delivery, and a client that does per request
 * only what a webhook needs.
 *
 * <ul>
 * <li>No automatic retries: the HTTP client would otherwise retry a 503 or a dropped connection by
 * itself, and the breaker must count what the receiver answered.</li>
 * <li>No cookies: a receiver's {@code Set-Cookie} is not sent back with the next event (each event is
 * a request of its own), and the client runs no cookie interceptors per request.</li>
 * <li>No content compression: the answer's body is not read ({@code ignoreResponseBody} in the
 * Kamelet), so asking for a gzip answer ({@code Accept-Encoding}) only costs work.</li>
 * <li>No auth cache and no connection state: the {@code Authorization} header is set by
 * {@link WebhookRequests}, never negotiated by the client, and no client certificate ties a pooled
 * connection to a user, so every kept-alive connection of the handler's pool can be reused.</li>
 * </ul>
 * Measured in make bench's webhook row: docs/performance-log.md, 2026-12-07.
 */
public final class WebhookClients implements HttpClientConfigurer {

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.disableAutomaticRetries()
                .disableCookieManagement()
                .disableContentCompression()
                .disableAuthCaching()
                .disableConnectionState();
    }
}
