package io.thinedge.eventhandlers.api;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.thinedge.eventhandlers.handler.EventFilters;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.sink.HandlerSinks;

/** A handler as the API shows it: Coiote's fields, secrets masked, plus the read-only state. */
final class HandlerJson {

    private HandlerJson() {
    }

    static ObjectNode of(EventHandler handler, HandlerSinks sinks) {
        ObjectNode json = JsonExchange.MAPPER.createObjectNode();
        json.put("id", handler.id());
        json.put("type", handler.type().apiName());
        json.put("name", handler.name());
        json.put("enabled", handler.enabled());
        json.put("description", handler.description());
        json.put("domain", handler.domain());
        json.set("filter", EventFilters.toJson(handler.filter()));
        json.set("connectionConfig", SecretMasking.mask(sinks, handler.connectionConfig()));
        json.put("status", handler.state().status().apiName());
        json.put("consecutiveFailures", handler.state().consecutiveFailures());
        json.put("lastError", handler.state().lastError());
        json.put("lastSuccessAt", handler.state().lastSuccessAt() == null ? null : handler.state().lastSuccessAt().toString());
        return json;
    }

    static ArrayNode of(List<EventHandler> handlers, HandlerSinks sinks) {
        ArrayNode array = JsonExchange.MAPPER.createArrayNode();
        handlers.forEach(handler -> array.add(of(handler, sinks)));
        return array;
    }
}
