package io.thinedge.eventhandlers.api;

import java.util.Locale;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Reads a request's JSON body and writes JSON answers; the only place that knows the wire format. */
public final class JsonExchange {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private JsonExchange() {
    }

    /** The body as a JSON object: 415 for another content type, 400 for anything that is not one JSON object. */
    public static ObjectNode body(Exchange exchange) {
        String contentType = exchange.getIn().getHeader(Exchange.CONTENT_TYPE, "", String.class).toLowerCase(Locale.ROOT);
        if (!contentType.startsWith("application/json") && !contentType.matches("application/[\\w.+-]*\\+json.*")) {
            throw new ApiException(415, "Content-Type must be application/json");
        }
        String text = exchange.getIn().getBody(String.class);
        if (text == null || text.isBlank()) {
            throw new ApiException(400, "A JSON body is required");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "Malformed JSON body: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw new ApiException(400, "body: must be a JSON object");
        }
        return object;
    }

    /** Answers with {@code status} and the JSON; request headers (the token among them) are not echoed. */
    public static void respond(Exchange exchange, int status, JsonNode json) {
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(json.toString());
    }

    static void respondNoContent(Exchange exchange) {
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        message.setBody(null);
    }

    static void respondError(Exchange exchange, int status, String error) {
        respond(exchange, status, MAPPER.createObjectNode().put("error", error));
    }
}
