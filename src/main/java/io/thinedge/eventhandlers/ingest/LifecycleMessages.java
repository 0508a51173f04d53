package io.thinedge.eventhandlers.ingest;

import java.time.Clock;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;

import io.thinedge.eventhandlers.event.DeviceEvent;
import io.thinedge.eventhandlers.store.Announcement;
import io.thinedge.eventhandlers.store.KnownChildren;

/**
 * A thin-edge message that may raise lifecycle events (a registration, a command's state): the
 * processor the YAML route calls replaces the MQTT message in the body by the list of them.
 */
abstract class LifecycleMessages implements Processor {

    protected final DeviceIdentity identity;
    /** What was announced already, so the broker's replays raise nothing again. */
    protected final KnownChildren knownChildren;
    protected final Clock clock;

    LifecycleMessages(DeviceIdentity identity, KnownChildren knownChildren, Clock clock) {
        this.identity = identity;
        this.knownChildren = knownChildren;
        this.clock = clock;
    }

    /**
     * Replaces the MQTT message in the body by the list of its lifecycle events (often empty); what
     * they change in {@link KnownChildren} is recorded once the exchange dispatched them.
     */
    @Override
    public final void process(Exchange exchange) {
        String topic = exchange.getMessage().getHeader(PahoMqtt5Constants.MQTT_TOPIC, String.class);
        byte[] body = exchange.getMessage().getBody(byte[].class);
        exchange.getMessage().setBody(Announcements.raise(exchange,
                announcements -> lifecycleEvents(topic, body, announcements)));
    }

    /**
     * The lifecycle events of one message: none or one; adds to {@code announcements} what to
     * settle once they are dispatched.
     */
    public abstract List<DeviceEvent> lifecycleEvents(String topic, byte[] body, List<Announcement> announcements);
}
