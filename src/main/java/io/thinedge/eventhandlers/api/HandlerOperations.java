package io.thinedge.eventhandlers.api;

import org.apache.camel.Exchange;

import com.fasterxml.jackson.databind.node.TextNode;

import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerType;
import io.thinedge.eventhandlers.sink.HandlerSinks;
import io.thinedge.eventhandlers.store.HandlerStore;

/**
 * Create, list, read, update and delete, each on the domain {@link ApiAccess} settled. A handler
 * is visible to a request acting on its domain or any domain above it; otherwise it is a 404.
 */
public final class HandlerOperations {

    /** At most this many handlers per domain (SPEC §5). */
    static final int MAX_PER_DOMAIN = 10;

    private final HandlerStore store;
    private final HandlerSinks sinks;
    private final TenantLimits limits;

    HandlerOperations(HandlerStore store, HandlerSinks sinks, TenantLimits limits) {
        this.store = store;
        this.sinks = sinks;
        this.limits = limits;
    }

    void create(Exchange exchange, HandlerType type) {
        EventHandler handler = newHandler(exchange, type);
        String tokenDomain = exchange.getProperty(ApiAccess.TOKEN_DOMAIN, String.class);
        EventHandler created = store.create(handler, MAX_PER_DOMAIN, tokenDomain, limits.maxInTokenDomain(tokenDomain));
        JsonExchange.respond(exchange, 201, TextNode.valueOf(created.id()));
    }

    /** The handlers of exactly the requested domain (as Coiote lists a domain's own), oldest first. */
    void list(Exchange exchange) {
        String domain = exchange.getProperty(ApiAccess.DOMAIN, String.class);
        JsonExchange.respond(exchange, 200,
                HandlerJson.of(store.all().stream().filter(handler -> handler.domain().equals(domain))
                        .filter(handler -> !builtIn(handler.id())).toList(), sinks));
    }

    void get(Exchange exchange) {
        JsonExchange.respond(exchange, 200, HandlerJson.of(visible(exchange), sinks));
    }

    void update(Exchange exchange, HandlerType type) {
        HandlerRequest request = new HandlerRequest(JsonExchange.body(exchange), sinks);
        EventHandler stored = visible(exchange);
        if (stored.type() != type) {
            throw new ApiException(400, "type: handler " + stored.id() + " is a " + stored.type().apiName()
                    + " handler; update it with PUT /" + stored.type().apiName() + "/" + stored.id());
        }
        // the state follows enabled as read in the update's own transaction, not as read above
        EventHandler updated = store.update(request.applyTo(stored), request.enabled())
                .orElseThrow(() -> ApiException.notFound(stored.id()));
        JsonExchange.respond(exchange, 200, HandlerJson.of(updated, sinks));
    }

    /**
     * The operator switches the handler off, a failed one too: it gets nothing, keeps nothing new,
     * and no re-test enables it. An act of its own, so that a GET-PUT round trip of a failed
     * handler ({@code "enabled":false}) cannot do it by accident.
     */
    void disable(Exchange exchange) {
        EventHandler stored = visible(exchange);
        store.disable(stored.id());
        JsonExchange.respond(exchange, 200,
                HandlerJson.of(store.find(stored.id()).orElseThrow(() -> ApiException.notFound(stored.id())), sinks));
    }

    void delete(Exchange exchange) {
        EventHandler stored = visible(exchange);
        if (!store.delete(stored.id())) {
            throw ApiException.notFound(stored.id());
        }
        JsonExchange.respondNoContent(exchange);
    }

    /** A validated, unsaved handler from the body, in the domain the body or the query names. */
    public EventHandler newHandler(Exchange exchange, HandlerType type) {
        HandlerRequest request = new HandlerRequest(JsonExchange.body(exchange), sinks);
        String requested = exchange.getProperty(ApiAccess.DOMAIN, String.class);
        String fromBody = request.domain();
        if (fromBody != null && exchange.getProperty(ApiAccess.DOMAIN_GIVEN, false, Boolean.class)
                && !fromBody.equals(requested)) {
            throw new ApiException(400, "domain: the body names " + fromBody + " but the request names " + requested);
        }
        String domain = fromBody == null ? requested : fromBody;
        ApiAccess.check(domain, exchange.getProperty(ApiAccess.TOKEN_DOMAIN, String.class));
        return request.toNewHandler(type, domain);
    }

    /** The handler named by the {@code id} path parameter, if the request's domain holds it; else 404. */
    public EventHandler visible(Exchange exchange) {
        String id = exchange.getIn().getHeader("id", String.class);
        String domain = exchange.getProperty(ApiAccess.DOMAIN, String.class);
        return store.find(id).filter(handler -> !builtIn(handler.id()) && Domains.isWithin(handler.domain(), domain))
                .orElseThrow(() -> ApiException.notFound(id));
    }

    /** The forwarder's own outputs (the built-in Cumulocity output) are set from config, not over the API. */
    private static boolean builtIn(String id) {
        return id.startsWith(HandlerStore.BUILT_IN_PREFIX);
    }
}
