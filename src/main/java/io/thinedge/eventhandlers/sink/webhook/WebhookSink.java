package io.thinedge.eventhandlers.sink.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerType;
import io.thinedge.eventhandlers.sink.HandlerSinks;
import io.thinedge.eventhandlers.sink.Secrets;
import io.thinedge.eventhandlers.sink.Sink;

/**
 * {@code webhook} handlers: {@link WebhookConfig}, also in Coiote's short shapes
 * ({@link CoioteShapes}), delivered through the {@value #KAMELET} Kamelet ({@link WebhookRequests});
 * their secrets are those of {@code auth} ({@link AuthSecrets}) and credential-like
 * {@code additionalHeaders}.
 */
public final class WebhookSink implements Sink {

    public static final String KAMELET = "tedge-webhook-sink";

    /** Header names that may carry a credential (Coiote's guide names a "custom authorization header"). */
    private static final Pattern SECRET_HEADER = Pattern.compile(
            "(?i).*(auth|token|secret|password|passwd|key|cookie|signature|credential|session).*");
    /** Secrets of Coiote's short auth form, in case such a config was stored before it was mapped onto auth. */
    private static final List<String> SHORT_FORM_SECRETS = List.of("password", "token");

    private final Duration timeout;

    /** @param timeout how long one request may take (webhook.timeout) */
    public WebhookSink(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public HandlerType type() {
        return HandlerType.WEBHOOK;
    }

    @Override
    public String kamelet(JsonNode connectionConfig) {
        return KAMELET;
    }

    @Override
    public void validate(JsonNode connectionConfig, String domain) {
        WebhookConfig.from(connectionConfig);
    }

    @Override
    public Set<String> topLevelConfigFields() {
        return Set.of("additionalHeaders");
    }

    @Override
    public ObjectNode nested(ObjectNode body, JsonNode stored) {
        return CoioteShapes.nested(body, stored);
    }

    @Override
    public String apiNotes() {
        return ". Coiote's short forms are accepted and stored in the nested form: connectionConfig "
                + "{\"type\":\"basic\",\"user\",\"password\"} or {\"type\":\"token\",\"token\"} as connectionConfig.auth, "
                + "and a top-level additionalHeaders as connectionConfig.additionalHeaders. bodyTemplate is text with the "
                + "event's values: $eventType, $endpointName, $domain, $time, $timestamp, $text, $data, $data.<key>, $url, "
                + "$value, $json, $header.<name> (a header the YAML set before dispatch) (or ${name}); any other name is a 400. additionalHeaders naming Camel* or a header "
                + "Camel or the HTTP client acts on (Host, Content-Length, ...) are a 400. maxInFlight (this forwarder's, "
                + "beside Coiote's fields): how many requests the handler may have open at once, 1 to "
                + WebhookConfig.MAX_IN_FLIGHT + ", default " + WebhookConfig.DEFAULT_IN_FLIGHT + "; each device's events "
                + "are sent one after the other, in order, and 1 sends every event after the previous one was answered.";
    }

    @Override
    public void maskSecrets(ObjectNode config) {
        AuthSecrets.mask(config);
        if (config.get("additionalHeaders") instanceof ObjectNode headers) {
            headers.fieldNames().forEachRemaining(name -> {
                if (SECRET_HEADER.matcher(name).matches() && headers.get(name).isTextual()) {
                    headers.put(name, Secrets.PLACEHOLDER);
                }
            });
        }
        SHORT_FORM_SECRETS.stream().filter(field -> config.path(field).isTextual())
                .forEach(field -> config.put(field, Secrets.PLACEHOLDER));
    }

    @Override
    public void restoreSecrets(ObjectNode config, JsonNode stored) {
        AuthSecrets.restore(config, stored);
        if (config.get("additionalHeaders") instanceof ObjectNode headers) {
            headers.fieldNames().forEachRemaining(name -> {
                if (Secrets.PLACEHOLDER.equals(headers.path(name).asText(null))) {
                    JsonNode kept = stored.path("additionalHeaders").path(name);
                    if (!kept.isTextual()) {
                        throw Secrets.placeholderWithoutValue("connectionConfig.additionalHeaders." + name);
                    }
                    headers.set(name, kept);
                }
            });
        }
    }

    @Override
    public String endpoint(String setupId, EventHandler handler) {
        WebhookConfig config = WebhookConfig.ofStored(setupId, handler.connectionConfig());
        return HandlerSinks.kameletUri(KAMELET, setupId, Map.of("handler", setupId,
                "uri", config.endpoint(),
                "timeoutMillis", String.valueOf(timeout.toMillis()),
                "maxInFlight", String.valueOf(config.maxInFlight())));
    }

    /** The events that queued up go as one exchange: the Kamelet sends them per device, several at once. */
    @Override
    public boolean takesBatches() {
        return true;
    }
}
