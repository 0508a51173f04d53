package io.thinedge.eventhandlers.sink.smartrest;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import io.thinedge.eventhandlers.event.DeviceEvent;
import io.thinedge.eventhandlers.sink.SinkSetups;
import io.thinedge.eventhandlers.sink.smartrest.C8yMessage;
import io.thinedge.eventhandlers.store.KnownChildren;

/**
 * The {@code smartRestSteps} bean of the {@code tedge-smartrest-sink} Kamelet: what the SmartREST
 * {@code DataFormat} cannot do alone. A child device new to the handler's Cumulocity target is
 * registered ({@code 101}) before its first event (once in a batch), and remembered only once
 * everything the exchange published was acknowledged ({@link SmartRestBatch}), so a registration
 * whose delivery failed is sent again with the replayed events.
 */
public final class SmartRestSteps {

    private final SinkSetups setups;
    private final KnownChildren knownChildren;

    public SmartRestSteps(SinkSetups setups, KnownChildren knownChildren) {
        this.setups = setups;
        this.knownChildren = knownChildren;
    }

    /** The handler's Cumulocity target, from its connectionConfig (the built-in output's from config). */
    public SmartRestTarget target(String handlerId) {
        return setups.parsed(handlerId, SmartRestTarget.class, handler -> {
            SmartRestHandlerConfig config = SmartRestHandlerConfig.from(handler.connectionConfig());
            return SmartRestTarget.of(config.topicPrefix(), config.uri(), config.auth().authorizationHeader(), config.sourceId());
        });
    }

    /**
     * The body becomes the 101 registration of a child new to the target (with the MQTT topic to
     * publish it on), or null: also when an earlier event of the same batch registered it. The
     * event is the exchange variable {@code event}.
     */
    public void registration(Exchange exchange) {
        String handlerId = SinkSetups.setupOf(exchange);
        DeviceEvent event = exchange.getVariable("event", DeviceEvent.class);
        SmartRestTarget target = target(handlerId);
        if (event.childDevice() && SmartRestBatch.of(exchange).firstEventOf(event.deviceId())
                && !knownChildren.isKnown(target.knownChildrenScope(), event.deviceId())) {
            C8yMessage.Mqtt registration = new SmartRestMarshaller(target).registration(event.deviceId());
            exchange.getMessage().setHeader(SmartRestPublishes.TOPIC, registration.topic());
            exchange.getMessage().setBody(registration.payload());
        } else {
            exchange.getMessage().setBody(null);
        }
    }

    /**
     * Fails the exchange with what failed the event: the Kamelet's split wraps it, so a batch would
     * report "Multicast processing failed for number n" where a single event reported its own problem.
     */
    public void rethrowEventFailure(Exception splitFailure) throws Exception {
        Throwable cause = splitFailure.getCause();
        throw cause instanceof Exception eventFailure ? eventFailure : splitFailure;
    }

    /** The POST of an event too large for MQTT: JSON, and the tenant's Authorization when configured. */
    public void httpRequest(Exchange exchange) {
        String handlerId = SinkSetups.setupOf(exchange);
        Message request = exchange.getMessage();
        // the exact URL: the endpoint, configured with the trust of HTTPS receivers, would take https:// for http://
        request.setHeader(Exchange.HTTP_URI, exchange.getVariable(SmartRestDataFormat.DESTINATION, String.class));
        request.setHeader(Exchange.HTTP_METHOD, "POST");
        request.setHeader(Exchange.CONTENT_TYPE, "application/json");
        request.setHeader("Accept", "application/json");
        target(handlerId).authorization().ifPresent(value -> request.setHeader("Authorization", value));
    }

    /**
     * Everything the exchange published was acknowledged: the children of its events are registered
     * for good (and known from memory from now on).
     */
    public void delivered(Exchange exchange) {
        String scope = target(SinkSetups.setupOf(exchange)).knownChildrenScope();
        for (String childId : SmartRestBatch.of(exchange).children()) {
            knownChildren.remember(scope, childId);
        }
    }
}
