package io.thinedge.eventhandlers.probe;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.thinedge.eventhandlers.api.ApiException;
import io.thinedge.eventhandlers.api.HandlerOperations;
import io.thinedge.eventhandlers.api.JsonExchange;
import io.thinedge.eventhandlers.dispatch.HandlerPreviews;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerType;
import io.thinedge.eventhandlers.handler.SafeErrorText;
import io.thinedge.eventhandlers.probe.HandlerTester.TestResult;

/**
 * The test endpoints: hand a stored or an unsaved handler to the {@code handlerTester} bean and
 * answer 200 with {@code {"successful":…,"message":…}} whether or not delivery worked; and the
 * preview of a stored handler, which delivers nothing.
 */
public final class HandlerTests {

    static final String TESTER_BEAN = "handlerTester";
    private static final Logger LOG = LoggerFactory.getLogger(HandlerTests.class);

    private final HandlerOperations operations;

    public HandlerTests(HandlerOperations operations) {
        this.operations = operations;
    }

    public void testExisting(Exchange exchange) {
        EventHandler handler = operations.visible(exchange);
        HandlerTester tester = tester(exchange.getContext());
        respond(exchange, handler, () -> tester.testExisting(handler));
    }

    public void testUnsaved(Exchange exchange, HandlerType type) {
        EventHandler handler = operations.newHandler(exchange, type);
        HandlerTester tester = tester(exchange.getContext());
        respond(exchange, handler, () -> tester.testUnsaved(handler));
    }

    /**
     * {@code {"topic":…,"payload":…}}: what the stored handler would send for that thin-edge message
     * ({@link HandlerPreviews}); nothing is delivered. The payload may be a string or JSON.
     */
    public void preview(Exchange exchange) throws Exception {
        EventHandler handler = operations.visible(exchange);
        ObjectNode body = JsonExchange.body(exchange);
        JsonNode topic = body.path("topic");
        if (!topic.isTextual() || topic.asText().isBlank()) {
            throw new ApiException(400, "topic: a thin-edge topic is required, e.g. tedge/events/door_open");
        }
        JsonNode payload = body.path("payload");
        String text = payload.isMissingNode() || payload.isNull() ? "" : payload.isTextual() ? payload.asText() : payload.toString();
        HandlerPreviews previews = exchange.getContext().getRegistry().lookupByNameAndType(HandlerPreviews.BEAN, HandlerPreviews.class);
        if (previews == null) {
            throw new ApiException(503, "Handler previews are not available");
        }
        ObjectNode answer;
        try {
            answer = previews.preview(handler, topic.asText(), text);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, e.getMessage());
        }
        JsonExchange.respond(exchange, 200, answer);
    }

    private static void respond(Exchange exchange, EventHandler handler, java.util.function.Supplier<TestResult> test) {
        TestResult result;
        try {
            result = test.get();
        } catch (RuntimeException e) {
            LOG.warn("Test of event handler {} failed: {}", handler.id() == null ? handler.name() : handler.id(), SafeErrorText.of(e));
            result = new TestResult(false, "The test could not be run: " + SafeErrorText.of(e));
        }
        JsonExchange.respond(exchange, 200, JsonExchange.MAPPER.createObjectNode()
                .put("successful", result.successful()).put("message", result.message()));
    }

    /** Looked up per request: the dispatch side binds it, possibly after these routes start. */
    private static HandlerTester tester(CamelContext context) {
        HandlerTester tester = context.getRegistry().lookupByNameAndType(TESTER_BEAN, HandlerTester.class);
        if (tester == null) {
            throw new ApiException(503, "Handler tests are not available: no " + TESTER_BEAN + " is configured");
        }
        return tester;
    }
}
