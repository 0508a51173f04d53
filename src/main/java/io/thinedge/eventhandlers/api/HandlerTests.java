package io.thinedge.eventhandlers.api;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.thinedge.eventhandlers.handler.SafeErrorText;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerTester;
import io.thinedge.eventhandlers.handler.HandlerTester.TestResult;
import io.thinedge.eventhandlers.handler.HandlerType;

/**
 * The test endpoints: hand a stored or an unsaved handler to the {@code handlerTester} bean and
 * answer 200 with {@code {"successful":…,"message":…}} whether or not delivery worked.
 */
final class HandlerTests {

    static final String TESTER_BEAN = "handlerTester";
    private static final Logger LOG = LoggerFactory.getLogger(HandlerTests.class);

    private final HandlerOperations operations;

    HandlerTests(HandlerOperations operations) {
        this.operations = operations;
    }

    void testExisting(Exchange exchange) {
        EventHandler handler = operations.visible(exchange);
        HandlerTester tester = tester(exchange.getContext());
        respond(exchange, handler, () -> tester.testExisting(handler));
    }

    void testUnsaved(Exchange exchange, HandlerType type) {
        EventHandler handler = operations.newHandler(exchange, type);
        HandlerTester tester = tester(exchange.getContext());
        respond(exchange, handler, () -> tester.testUnsaved(handler));
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
