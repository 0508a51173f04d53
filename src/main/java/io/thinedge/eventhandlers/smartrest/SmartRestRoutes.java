package io.thinedge.eventhandlers.smartrest;

import java.util.Optional;

import org.apache.camel.builder.RouteBuilder;
import org.eclipse.paho.mqttv5.client.MqttClient;

import io.thinedge.eventhandlers.config.Settings;
import io.thinedge.eventhandlers.dispatch.DispatchRoutes;
import io.thinedge.eventhandlers.event.DeviceEvent;
import io.thinedge.eventhandlers.ingest.LifecycleEvents;
import io.thinedge.eventhandlers.store.KnownChildren;

/**
 * The built-in Cumulocity output (SPEC §7), on when {@code c8y.enabled}: every event dispatched
 * to {@code direct:c8y-builtin} goes to Cumulocity like thin-edge's own mapper sends it, over the
 * {@code mqttPublisher} client, or to {@code c8y.url} when too large for MQTT. Telemetry and the
 * lifecycle events raised from registrations and commands are skipped.
 * A failed delivery fails the exchange, so the MQTT input is not acknowledged and comes again.
 */
public class SmartRestRoutes extends RouteBuilder {

    public static final String ROUTE_ID = "c8y-builtin";
    /** Optional verbatim {@code Authorization} header for {@code c8y.url}; never logged. */
    public static final String AUTHORIZATION_KEY = "c8y.authorization";

    private final Settings settings;
    private final KnownChildren knownChildren;

    public SmartRestRoutes(Settings settings, KnownChildren knownChildren) {
        this.settings = settings;
        this.knownChildren = knownChildren;
    }

    @Override
    public void configure() {
        if (!settings.c8yEnabled()) {
            return;
        }
        Optional<String> authorization = getContext().getPropertiesComponent().resolveProperty(AUTHORIZATION_KEY);
        SmartRestTarget target = SmartRestTarget.builtIn(settings, authorization);
        MqttClient publisher = getContext().getRegistry().lookupByNameAndType("mqttPublisher", MqttClient.class);
        C8yTransport transport = new CamelC8yTransport(publisher, getContext().createProducerTemplate(),
                target.authorization(), settings.webhookTimeout());
        bindToRegistry("smartrest", new SmartRestDataFormat(new SmartRestMarshaller(target)));

        from(DispatchRoutes.C8Y_BUILTIN).routeId(ROUTE_ID)
                // the forwarder's own lifecycle events are for handlers: thin-edge's mapper already
                // tells Cumulocity about registrations and commands
                .filter(exchange -> exchange.getMessage().getBody() instanceof DeviceEvent event
                        && !LifecycleEvents.isLifecycle(event.type()))
                    .process(new SmartRestSender(target, knownChildren, transport))
                .end();
    }
}
