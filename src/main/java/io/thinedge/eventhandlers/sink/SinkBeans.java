package io.thinedge.eventhandlers.sink;

import java.time.Duration;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.Predicate;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.jsse.SSLContextParameters;

import io.thinedge.eventhandlers.event.DeviceEvent;
import io.thinedge.eventhandlers.ingest.LifecycleEvents;
import io.thinedge.eventhandlers.sink.kafka.KafkaDomainProperties;
import io.thinedge.eventhandlers.sink.kafka.KafkaRecords;
import io.thinedge.eventhandlers.sink.kafka.KameletKafkaClients;
import io.thinedge.eventhandlers.sink.kafka.SharedKafkaClients;
import io.thinedge.eventhandlers.sink.smartrest.ChildSourceIds;
import io.thinedge.eventhandlers.sink.smartrest.SmartRestSteps;
import io.thinedge.eventhandlers.sink.webhook.WebhookClients;
import io.thinedge.eventhandlers.sink.webhook.WebhookRequests;
import io.thinedge.eventhandlers.store.KnownChildren;

/**
 * Binds the beans the built-in sink Kamelets call by name: {@code tedgeKafka},
 * {@code tedgeKafkaClients} (and the {@code kafka} component's own factory), {@code tedgeWebhook}, {@code tedgeWebhookClients},
 * {@value #SSL_CONTEXT_BEAN}, {@code tedgeSmartRest}, {@code tedgeC8yIdentity}; and returns what sets a handler's sink up.
 */
public final class SinkBeans {

    /** The trust (and client keys) for HTTPS receivers: webhook.trust-store, or the JVM's. */
    public static final String SSL_CONTEXT_BEAN = "webhookSslContextParameters";
    /** The predicate of the events a SmartREST sink sends. */
    static final String CUMULOCITY_EVENTS = "cumulocityEvents";

    private SinkBeans() {
    }

    /**
     * @param trust a private CA for HTTPS receivers (webhook.trust-store); empty for the JVM's trust
     */
    public static HandlerSinks bind(CamelContext context, KafkaDomainProperties kafkaDomains, KnownChildren knownChildren,
            Duration timeout, Optional<SSLContextParameters> trust) {
        Registry registry = context.getRegistry();
        // SSLContextParameters with no trust managers set use the JVM's default ones
        registry.bind(SSL_CONTEXT_BEAN, trust.orElseGet(SSLContextParameters::new));
        SinkSetups setups = new SinkSetups();
        SmartRestSteps smartRest = new SmartRestSteps(setups, knownChildren);
        registry.bind("tedgeKafka", new KafkaRecords(context, setups));
        registry.bind("tedgeKafkaClients", new SharedKafkaClients(setups, kafkaDomains));
        KameletKafkaClients.install(context);
        registry.bind("tedgeWebhook", new WebhookRequests(setups));
        registry.bind("tedgeWebhookClients", new WebhookClients());
        registry.bind("tedgeSmartRest", smartRest);
        // what a SmartREST sink sends: device events; telemetry is no event for Cumulocity, and the
        // events the forwarder raises itself are for other handlers (thin-edge's mapper already tells
        // Cumulocity about registrations, commands and new children)
        registry.bind(CUMULOCITY_EVENTS, (Predicate) exchange -> exchange.getMessage().getBody() instanceof DeviceEvent event
                && !LifecycleEvents.isRaisedByForwarder(event.type()));
        registry.bind("tedgeC8yIdentity", new ChildSourceIds(smartRest));
        return new HandlerSinks(context, setups, smartRest, timeout);
    }
}
