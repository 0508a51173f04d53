package io.thinedge.eventhandlers.smartrest;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.thinedge.eventhandlers.event.DeviceEvent;
import io.thinedge.eventhandlers.event.Event;
import io.thinedge.eventhandlers.store.KnownChildren;

/**
 * Sends events to Cumulocity: converts with the {@link SmartRestMarshaller}, registers each new
 * child device once (remembered in {@link KnownChildren} across restarts), and delivers. Returns
 * normally only when every message is delivered; any failure is thrown, so the exchange fails and
 * the MQTT input stays unacknowledged (redelivered).
 *
 * <p>As a {@link Processor} it takes a {@link DeviceEvent} body; other bodies (telemetry) are skipped.
 */
public final class SmartRestSender implements Processor {

    private final SmartRestMarshaller marshaller;
    private final KnownChildren knownChildren;
    private final C8yTransport transport;

    public SmartRestSender(SmartRestTarget target, KnownChildren knownChildren, C8yTransport transport) {
        this.marshaller = new SmartRestMarshaller(target);
        this.knownChildren = knownChildren;
        this.transport = transport;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        if (exchange.getMessage().getBody(Event.class) instanceof DeviceEvent event) {
            send(event);
        }
    }

    public void send(DeviceEvent event) throws Exception {
        String scope = marshaller.target().knownChildrenScope();
        boolean newChild = event.childDevice() && knownChildren.remember(scope, event.deviceId());
        List<C8yMessage> messages;
        try {
            messages = marshaller.marshal(event, !newChild);
            if (newChild) {
                deliver(event, messages.get(0));
            }
        } catch (RuntimeException e) {
            if (newChild) {
                // not registered after all: the redelivered event tries again
                knownChildren.forget(scope, event.deviceId());
            }
            throw e;
        }
        for (C8yMessage message : messages.subList(newChild ? 1 : 0, messages.size())) {
            deliver(event, message);
        }
    }

    private void deliver(DeviceEvent event, C8yMessage message) {
        try {
            transport.send(message);
        } catch (Exception e) {
            String where = message instanceof C8yMessage.HttpPost post ? "POST " + post.uri()
                    : "MQTT publish on " + ((C8yMessage.Mqtt) message).topic();
            throw new SmartRestException(event.sourceTopic(), event.deviceId(), where + " failed: " + e.getMessage(), e);
        }
    }
}
