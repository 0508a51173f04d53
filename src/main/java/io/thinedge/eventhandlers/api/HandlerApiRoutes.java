package io.thinedge.eventhandlers.api;

import java.util.function.Supplier;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.RestParamType;

import io.thinedge.eventhandlers.handler.HandlerType;
import io.thinedge.eventhandlers.dispatch.HandlerRuntimes;
import io.thinedge.eventhandlers.probe.HandlerTests;
import io.thinedge.eventhandlers.sink.HandlerSinks;
import io.thinedge.eventhandlers.store.DeadLetters;
import io.thinedge.eventhandlers.store.HandlerStore;

/**
 * The handler management API (SPEC §5), wire-compatible with Coiote DM's v3 device-event-handler
 * API. The REST verbs only delegate to {@code direct:} routes; each of those authenticates, then
 * hands the exchange to one method of {@link HandlerOperations} or {@link HandlerTests}.
 */
public class HandlerApiRoutes extends RouteBuilder {

    public static final String BASE = "/api/coiotedm/v3/deviceEvents/handler";
    public static final String OPENAPI = "/api/coiotedm/v3/deviceEvents/openapi.json";

    private final ApiAccess access;
    private final HandlerOperations operations;
    private final HandlerTests tests;
    private final DeadLetterOperations deadLetters;
    private final HandlerSinks sinks;

    /**
     * @param tokens       the current tokens (they are re-read when their file changes)
     * @param sinks        what each handler type takes as its connectionConfig
     * @param limits       what tokens of domains other than / may do beyond the 10 handlers per domain
     */
    public HandlerApiRoutes(HandlerStore store, Supplier<ApiTokens> tokens, HandlerSinks sinks,
            DeadLetters letters, HandlerRuntimes runtimes, TenantLimits limits) {
        this.access = new ApiAccess(tokens);
        this.sinks = sinks;
        this.operations = new HandlerOperations(store, sinks, limits);
        this.tests = new HandlerTests(operations);
        this.deadLetters = new DeadLetterOperations(operations, letters, runtimes);
    }

    @Override
    public void configure() {
        restConfiguration().component("platform-http").bindingMode(RestBindingMode.off)
                .apiContextPath(OPENAPI)
                .apiProperty("api.title", "tedge-event-handlers: device event handlers (Coiote DM v3 compatible)")
                .apiProperty("api.version", "3");
        onException(Exception.class).handled(true).process(new ApiErrors());

        RestDefinition rest = rest(BASE).description("Event handlers")
                .securityDefinitions().bearerToken("bearer", "A token from api.tokens-file").end();
        verb(rest.get(), "The handlers of exactly the domain").to("direct:api-list");
        verb(rest.get("/{id}"), "One handler").to("direct:api-get");
        verb(rest.delete("/{id}"), "Deletes a handler").to("direct:api-delete");
        verb(rest.post("/{id}/disable"), "Switches a handler off, a failed one too: it gets no events, keeps no dead "
                + "letters, and no re-test enables it (a PUT with \"enabled\":false leaves a failed handler failed); "
                + "answers the handler. PUT \"enabled\":true enables it again").to("direct:api-disable");
        verb(rest.get("/{id}/deadletters"), "The handler's dead letters, waiting and parked, oldest first, paged by the limit and offset parameters")
                .to("direct:api-deadletters-list");
        verb(rest.post("/{id}/deadletters/retry"), "Replays every dead letter of the handler, parked ones too")
                .to("direct:api-deadletters-retry");
        verb(rest.delete("/{id}/deadletters"), "Purges the handler's dead letters; answers how many")
                .to("direct:api-deadletters-purge");
        verb(rest.post("/test/existing/{id}"), "Sends a sample event through a stored handler").to("direct:api-test-existing");
        verb(rest.post("/{id}/preview"), "What the handler would send for {\"topic\":<thin-edge topic>,\"payload\":<string or JSON>}, "
                + "after the YAML steps before dispatch, without sending: matches, and per event the request or Kafka records "
                + "(endpoint without credentials or query, Authorization masked)").to("direct:api-preview");
        verb(rest.get("/kamelet/types"), "The Kamelet sinks a kamelet handler in the domain may name (kamelet.allowed), with their property schemas")
                .to("direct:api-kamelet-types");
        for (HandlerType type : HandlerType.values()) {
            String name = type.apiName();
            verb(rest.post("/" + name), "Creates a " + name + " handler; answers its id" + sinks.of(type).apiNotes())
                    .to("direct:api-create-" + name);
            verb(rest.put("/" + name + "/{id}"), "Updates a " + name + " handler; null fields keep their value"
                    + sinks.of(type).apiNotes())
                    .to("direct:api-update-" + name);
            verb(rest.post("/test/" + name), "Sends a sample event through an unsaved " + name + " handler")
                    .to("direct:api-test-" + name);
            route("api-create-" + name).process(exchange -> operations.create(exchange, type));
            route("api-update-" + name).process(exchange -> operations.update(exchange, type));
            route("api-test-" + name).process(exchange -> tests.testUnsaved(exchange, type));
        }

        route("api-list").process(operations::list);
        route("api-get").process(operations::get);
        route("api-delete").process(operations::delete);
        route("api-disable").process(operations::disable);
        route("api-deadletters-list").process(deadLetters::list);
        route("api-deadletters-retry").process(deadLetters::retry);
        route("api-deadletters-purge").process(deadLetters::purge);
        route("api-test-existing").process(tests::testExisting);
        route("api-preview").process(tests::preview);
        route("api-kamelet-types").process(exchange -> JsonExchange.respond(exchange, 200,
                sinks.kamelets().types(exchange.getProperty(ApiAccess.DOMAIN, String.class))));
    }

    /** Documents the verb just declared: bearer token, optional {@code ?domain=}, the JSON error answers. */
    private static RestDefinition verb(RestDefinition rest, String description) {
        return rest.description(description).produces("application/json").security("bearer")
                .param().name("domain").type(RestParamType.query).required(false)
                .description("The domain to act on, e.g. /tenant/site/ (default: the token's)").endParam()
                .responseMessage().code(400).message("{\"error\":\"<field>: <problem>\"}: the body is invalid").endResponseMessage()
                .responseMessage().code(401).message("No valid bearer token").endResponseMessage()
                .responseMessage().code(403).message("The token may not act on the domain").endResponseMessage()
                .responseMessage().code(404).message("No such handler in the domain, or no such path (JSON)").endResponseMessage()
                .responseMessage().code(405).message("The path does not take this method; Allow names those it takes (JSON)")
                .endResponseMessage()
                .responseMessage().code(503).message("The forwarder is starting or stopping; Retry-After (JSON)")
                .endResponseMessage();
    }

    /** A {@code direct:} route that authenticates, then does its work. */
    private org.apache.camel.model.RouteDefinition route(String id) {
        return from("direct:" + id).routeId(id).process(access);
    }
}
