package io.thinedge.eventhandlers.sink.smartrest;

import java.time.Duration;

import org.apache.camel.ProducerTemplate;
import org.eclipse.paho.mqttv5.client.MqttClient;

import io.thinedge.eventhandlers.event.DeviceEvent;
import io.thinedge.eventhandlers.event.Event;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.sink.Sink;
import io.thinedge.eventhandlers.smartrest.CamelC8yTransport;
import io.thinedge.eventhandlers.smartrest.SmartRestSender;
import io.thinedge.eventhandlers.smartrest.SmartRestTarget;
import io.thinedge.eventhandlers.store.KnownChildren;

/**
 * A SmartREST handler: the events it matches go to Cumulocity through the SmartREST marshaller,
 * over the application's MQTT publisher under the handler's topic prefix, or POSTed to its
 * {@code uri} when too large for MQTT (an HTTPS {@code uri} checked like a webhook's, against
 * {@code webhook.trust-store} when set). Telemetry is not an event for Cumulocity: it is skipped.
 */
public final class SmartRestSink implements Sink {

    private final SmartRestSender sender;

    public SmartRestSink(EventHandler handler, MqttClient publisher, ProducerTemplate http, KnownChildren knownChildren,
            Duration timeout, String sslContextBean) {
        SmartRestHandlerConfig config = SmartRestHandlerConfig.from(handler.connectionConfig());
        SmartRestTarget target = SmartRestTarget.of(config.topicPrefix(), config.uri(), config.auth().authorizationHeader(),
                config.sourceId());
        this.sender = new SmartRestSender(target, knownChildren,
                new CamelC8yTransport(publisher, http, target.authorization(), timeout, sslContextBean));
    }

    @Override
    public void deliver(Event event) throws Exception {
        if (event instanceof DeviceEvent deviceEvent) {
            sender.send(deviceEvent);
        }
    }
}
