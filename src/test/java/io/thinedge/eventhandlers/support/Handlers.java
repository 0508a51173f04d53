package io.thinedge.eventhandlers.support;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

import io.thinedge.eventhandlers.event.DeviceEvent;
import io.thinedge.eventhandlers.event.TelemetryEvent;
import io.thinedge.eventhandlers.handler.EventFilter;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerState;
import io.thinedge.eventhandlers.handler.HandlerType;

/** Handlers and events for sink tests. */
public final class Handlers {

    public static final ObjectMapper JSON = new ObjectMapper();

    private Handlers() {
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    public static EventHandler handler(HandlerType type, String domain, EventFilter filter, String connectionConfig) {
        return new EventHandler(UUID.randomUUID().toString(), type, "test", true, null, domain, filter,
                json(connectionConfig), HandlerState.initial(true));
    }

    public static EventHandler webhook(String connectionConfig) {
        return handler(HandlerType.WEBHOOK, "/", new EventFilter.Lifecycle(List.of("*")), connectionConfig);
    }

    public static DeviceEvent event(String type, String text, Map<String, JsonNode> extras) {
        return new DeviceEvent("pump-1", true, "/tenant/site/", type, text, "2024-05-01T10:00:00.5Z", 1714557600500L,
                extras, "tedge/events/" + type + "/pump-1");
    }

    public static DeviceEvent loginEvent() {
        return event("login_event", "Someone logged in", Map.of("user", new TextNode("alice")));
    }

    public static TelemetryEvent telemetry(String path, String value) {
        return new TelemetryEvent("main", false, "/", path, new BigDecimal(value), "2024-05-01T10:00:00Z", 1714557600000L,
                "tedge/measurements");
    }

    /** An event of a thin-edge topic of the main device (child null) or a child, in domain /. */
    public static DeviceEvent deviceEvent(String type, String text, String time, String extrasJson, String child) {
        Map<String, JsonNode> extras = new java.util.LinkedHashMap<>();
        try {
            JSON.readTree(extrasJson).fields().forEachRemaining(field -> extras.put(field.getKey(), field.getValue()));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
        String topic = "tedge/events/" + type + (child == null ? "" : "/" + child);
        return new DeviceEvent(child == null ? "main" : child, child != null, "/", type, text, time, 0L, extras, topic);
    }
}
