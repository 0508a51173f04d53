package io.thinedge.eventhandlers.api;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;

import io.thinedge.eventhandlers.dispatch.HandlerRuntimes;
import io.thinedge.eventhandlers.event.EventCodec;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.sink.EventPayloads;
import io.thinedge.eventhandlers.store.DeadLetters;

/**
 * {@code {base}/{id}/deadletters}: a handler's waiting and parked letters, oldest first, paged;
 * a retry of all of them (parked ones too); a purge. Domain and token rules are the handler's own.
 * Retry and purge run on the handler's queue, between its deliveries, so they never race a replay.
 */
final class DeadLetterOperations {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    /** A retry or purge waits at most this long for the handler's queue. */
    private static final long QUEUE_WAIT_SECONDS = 60;

    private final HandlerOperations handlers;
    private final DeadLetters letters;
    private final HandlerRuntimes runtimes;

    DeadLetterOperations(HandlerOperations handlers, DeadLetters letters, HandlerRuntimes runtimes) {
        this.handlers = handlers;
        this.letters = letters;
        this.runtimes = runtimes;
    }

    void list(Exchange exchange) throws Exception {
        EventHandler handler = handlers.visible(exchange);
        int limit = (int) number(exchange, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        long offset = number(exchange, "offset", 0, 0, Long.MAX_VALUE);
        long waiting = letters.waiting(handler.id());
        long parked = letters.parked(handler.id());
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("total", waiting + parked);
        json.put("waiting", waiting);
        json.put("parked", parked);
        json.put("limit", limit);
        json.put("offset", offset);
        ArrayNode page = json.putArray("letters");
        List<DeadLetters.Letter> found = letters.page(handler.id(), limit, offset);
        for (DeadLetters.Letter letter : found) {
            ObjectNode row = page.addObject();
            row.put("sequence", letter.sequence());
            row.put("parked", letter.parked());
            row.put("error", letter.error());
            row.put("attempts", letter.attempts());
            row.put("storedAt", letter.storedAt() == null ? null : letter.storedAt().toString());
            // as the handler's receiver gets it (Coiote's generic JSON)
            row.set("event", JsonExchange.MAPPER.readTree(EventPayloads.genericJsonBytes(EventCodec.fromJson(letter.eventJson()))));
        }
        JsonExchange.respond(exchange, 200, json);
    }

    void retry(Exchange exchange) throws Exception {
        EventHandler handler = handlers.visible(exchange);
        int unparked = runtimes.retryLetters(handler.id()).get(QUEUE_WAIT_SECONDS, TimeUnit.SECONDS);
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("unparked", unparked);
        json.put("waiting", letters.waiting(handler.id()));
        JsonExchange.respond(exchange, 200, json);
    }

    void purge(Exchange exchange) throws Exception {
        EventHandler handler = handlers.visible(exchange);
        int purged = runtimes.purgeLetters(handler.id()).get(QUEUE_WAIT_SECONDS, TimeUnit.SECONDS);
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("purged", purged);
        JsonExchange.respond(exchange, 200, json);
    }

    private static long number(Exchange exchange, String name, long unset, long min, long max) {
        String value = exchange.getIn().getHeader(name, String.class);
        if (value == null || value.isBlank()) {
            return unset;
        }
        try {
            long number = Long.parseLong(value.trim());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(400, name + ": must be a whole number from " + min + " to " + max + ", not '" + value + "'");
    }
}
