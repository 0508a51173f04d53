package io.thinedge.eventhandlers.sink.smartrest;

import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.Predicate;

import io.thinedge.eventhandlers.config.Settings;
import io.thinedge.eventhandlers.event.DeviceEvent;
import io.thinedge.eventhandlers.ingest.LifecycleEvents;
import io.thinedge.eventhandlers.sink.HandlerSinks;
import io.thinedge.eventhandlers.smartrest.SmartRestTarget;

/**
 * The built-in Cumulocity output (SPEC §7, {@code c8y.enabled}): the {@code c8y-builtin} route of
 * {@code routes/dispatch.camel.yaml} sends every event through the {@code tedge-smartrest-sink}
 * Kamelet, set up here as handler {@value #ID} with the target of {@code c8y.*}.
 */
public final class C8yBuiltin {

    public static final String ID = "c8y-builtin";
    /** Optional verbatim {@code Authorization} header for {@code c8y.url}; never logged. */
    public static final String AUTHORIZATION_KEY = "c8y.authorization";
    /** The placeholder the route passes to the Kamelet: webhook.timeout in milliseconds. */
    static final String TIMEOUT_KEY = "tedge.c8y.timeout-millis";
    /** The predicate of the events the built-in output sends. */
    static final String EVENTS_BEAN = "cumulocityEvents";

    private C8yBuiltin() {
    }

    /** @throws io.thinedge.eventhandlers.config.InvalidSettingException naming the c8y.* key that is invalid */
    public static void setUp(CamelContext context, Settings settings, HandlerSinks sinks) {
        Optional<String> authorization = context.getPropertiesComponent().resolveProperty(AUTHORIZATION_KEY);
        sinks.setUpSmartRest(ID, SmartRestTarget.builtIn(settings, authorization));
        // the forwarder's own lifecycle events are for handlers: thin-edge's mapper already tells
        // Cumulocity about registrations and commands
        context.getRegistry().bind(EVENTS_BEAN, (Predicate) exchange -> exchange.getMessage().getBody() instanceof DeviceEvent event
                && !LifecycleEvents.isLifecycle(event.type()));
        context.getPropertiesComponent().addInitialProperty(TIMEOUT_KEY, String.valueOf(settings.webhookTimeout().toMillis()));
    }
}
