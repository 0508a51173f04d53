package io.thinedge.eventhandlers.sink.webhook;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.thinedge.eventhandlers.handler.InvalidHandlerException;
import io.thinedge.eventhandlers.sink.ConfigFields;
import io.thinedge.eventhandlers.sink.ControlHeaders;

/**
 * A webhook handler's connectionConfig (SPEC §4), validated when built.
 *
 * @param additionalHeaders headers added to every request; none that Camel or the HTTP client acts on ({@link ControlHeaders})
 * @param bodyTemplate      optional template of the request body; empty for the format's own body
 * @param precision         the unit of InfluxDB timestamps, from the URI's {@code precision} (influxDb format)
 * @param maxInFlight       how many requests a batch may have open at once, each device's events in order
 *                          ({@link WebhookBatches}); 1 sends every event after the previous one was answered
 */
public record WebhookConfig(
        URI uri,
        WebhookAuth auth,
        Map<String, String> additionalHeaders,
        Method method,
        Format format,
        Optional<BodyTemplate> bodyTemplate,
        InfluxPrecision precision,
        int maxInFlight) {

    /** The most requests in flight a handler may ask for: one Camel thread each while its batch is sent. */
    public static final int MAX_IN_FLIGHT = 16;
    /**
     * Without {@code maxInFlight}: a few requests at once, so a receiver that takes a while to answer
     * no longer sets the pace of every device, yet fewer than a browser opens to one host (6), so an
     * ordinary receiver (a reverse proxy, InfluxDB, a small function host) takes them without
     * throttling; each device's events stay in order whatever the value.
     */
    public static final int DEFAULT_IN_FLIGHT = 4;

    public enum Method { POST, PUT, PATCH }

    public enum Format {
        /** The generic JSON body of SPEC §4. */
        GENERIC,
        /** InfluxDB line protocol. */
        INFLUX_DB
    }

    public WebhookConfig {
        additionalHeaders = Map.copyOf(additionalHeaders);
    }

    public static WebhookConfig from(JsonNode connectionConfig) {
        ConfigFields fields = new ConfigFields(connectionConfig, "connectionConfig");
        URI uri = fields.httpUri("uri");
        // "raw" is the generic format's name in older python-coiote releases
        Format format = fields.optionalChoice("format", "generic", "influxDb", "raw")
                .map(name -> name.equals("influxDb") ? Format.INFLUX_DB : Format.GENERIC).orElse(Format.GENERIC);
        Map<String, String> headers = fields.stringMap("additionalHeaders");
        ControlHeaders.checkHttp(headers, fields.path("additionalHeaders"));
        return new WebhookConfig(
                uri,
                WebhookAuth.from(fields.child("auth"), fields.path("auth")),
                headers,
                fields.optionalChoice("method", "post", "put", "patch")
                        .map(method -> Method.valueOf(method.toUpperCase(java.util.Locale.ROOT))).orElse(Method.POST),
                format,
                bodyTemplate(fields).filter(template -> !template.isBlank())
                        .map(template -> BodyTemplate.parse(template, fields.path("bodyTemplate"))),
                // only InfluxDB reads it: another receiver's precision parameter is its own business
                format == Format.INFLUX_DB ? InfluxPrecision.of(uri, fields.path("uri")) : InfluxPrecision.NANOSECONDS,
                fields.optionalInt("maxInFlight", 1, MAX_IN_FLIGHT).orElse(DEFAULT_IN_FLIGHT));
    }

    /**
     * The Kamelet's endpoint: scheme and authority only. The path and query travel in the request's
     * headers ({@link WebhookRequests}): a query in the endpoint URI would set Camel's endpoint
     * options ({@code okStatusCodeRange}, {@code httpClientConfigurer=#class:...}) instead of
     * reaching the receiver.
     */
    public String endpoint() {
        return uri.getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + uri.getRawAuthority();
    }

    /**
     * A stored handler's config. It was valid when saved, unless an older version saved it, whose
     * templates were an expression language: then the handler fails naming itself and the field,
     * never quoting the template (templates reach logs and {@code lastError} by handler id only).
     */
    public static WebhookConfig ofStored(String handlerId, JsonNode connectionConfig) {
        try {
            return from(connectionConfig);
        } catch (InvalidHandlerException e) {
            throw new IllegalStateException("The stored " + e.field() + " of event handler " + handlerId
                    + " is not valid in this version; update the handler");
        }
    }

    /** A string, or python-coiote's {@code {"contentType":"text"|"json","value":"…"}}. */
    private static Optional<String> bodyTemplate(ConfigFields fields) {
        JsonNode template = fields.child("bodyTemplate");
        if (template != null && template.isObject()) {
            return new ConfigFields(template, fields.path("bodyTemplate")).optionalText("value");
        }
        return fields.optionalText("bodyTemplate");
    }
}
