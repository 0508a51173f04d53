package io.thinedge.eventhandlers.sink.smartrest;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;

import io.thinedge.eventhandlers.event.DeviceEvent;
import io.thinedge.eventhandlers.sink.SinkSetups;
import io.thinedge.eventhandlers.sink.smartrest.C8yMessage;
import io.thinedge.eventhandlers.store.KnownChildren;

/**
 * The {@code smartRestSteps} bean of the {@code tedge-smartrest-sink} Kamelet: what the SmartREST
 * {@code DataFormat} cannot do alone. A child device new to the handler's Cumulocity target is
 * registered ({@code 101}) before its first event, and remembered only once that event went out,
 * so a registration whose delivery failed is sent again with the replayed event.
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
     * publish it on), or null. The event is the exchange variable {@code event}.
     */
    public void registration(Exchange exchange, String handlerId) {
        DeviceEvent event = exchange.getVariable("event", DeviceEvent.class);
        SmartRestTarget target = target(handlerId);
        if (event.childDevice() && !knownChildren.isKnown(target.knownChildrenScope(), event.deviceId())) {
            C8yMessage.Mqtt registration = new SmartRestMarshaller(target).registration(event.deviceId());
            exchange.getMessage().setHeader(PahoMqtt5Constants.CAMEL_PAHO_OVERRIDE_TOPIC, registration.topic());
            exchange.getMessage().setBody(registration.payload());
        } else {
            exchange.getMessage().setBody(null);
        }
    }

    /** The POST of an event too large for MQTT: JSON, and the tenant's Authorization when configured. */
    public void httpRequest(Exchange exchange, String handlerId) {
        Message request = exchange.getMessage();
        // the exact URL: the endpoint, configured with the trust of HTTPS receivers, would take https:// for http://
        request.setHeader(Exchange.HTTP_URI, exchange.getVariable(SmartRestDataFormat.DESTINATION, String.class));
        request.setHeader(Exchange.HTTP_METHOD, "POST");
        request.setHeader(Exchange.CONTENT_TYPE, "application/json");
        request.setHeader("Accept", "application/json");
        target(handlerId).authorization().ifPresent(value -> request.setHeader("Authorization", value));
    }

    /** The event went out: its child is registered for good. */
    public void delivered(DeviceEvent event, String handlerId) {
        if (event.childDevice()) {
            knownChildren.remember(target(handlerId).knownChildrenScope(), event.deviceId());
        }
    }
}
