package io.thinedge.eventhandlers.sink;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.jsse.SSLContextParameters;

import io.thinedge.eventhandlers.config.LayeredProperties;
import io.thinedge.eventhandlers.sink.kafka.KafkaDomainProperties;
import io.thinedge.eventhandlers.sink.kafka.KafkaSink;
import io.thinedge.eventhandlers.sink.kamelet.KameletAllowList;
import io.thinedge.eventhandlers.sink.kamelet.KameletCatalog;
import io.thinedge.eventhandlers.sink.kamelet.KameletSink;
import io.thinedge.eventhandlers.sink.smartrest.SmartRestSink;
import io.thinedge.eventhandlers.sink.webhook.WebhookSink;
import io.thinedge.eventhandlers.sink.kafka.KafkaRecords;
import io.thinedge.eventhandlers.sink.kafka.KameletKafkaClients;
import io.thinedge.eventhandlers.sink.kafka.SharedKafkaClients;
import io.thinedge.eventhandlers.sink.smartrest.ChildSourceIds;
import io.thinedge.eventhandlers.sink.smartrest.CumulocityEvents;
import io.thinedge.eventhandlers.sink.smartrest.SmartRestPublishes;
import io.thinedge.eventhandlers.sink.smartrest.SmartRestSteps;
import io.thinedge.eventhandlers.sink.smartrest.TenantTopicPrefixes;
import io.thinedge.eventhandlers.sink.webhook.WebhookBatches;
import io.thinedge.eventhandlers.sink.webhook.WebhookClients;
import io.thinedge.eventhandlers.sink.webhook.WebhookRequests;
import io.thinedge.eventhandlers.store.KnownChildren;

/**
 * Binds the beans the built-in sink Kamelets call by name: {@code kafkaRecords},
 * {@code sharedKafkaClients} (and the {@code kafka} component's own factory), {@code webhookRequests}, {@code webhookClients},
 * {@code webhookBatches} (and the thread pool profiles of its split),
 * {@value #SSL_CONTEXT_BEAN}, {@code smartRestSteps}, {@code smartRestPublishes}, {@code cumulocityEvents}, {@code childSourceIds}; and the
 * {@link Sink} of each handler type ({@link HandlerSinks}, bound as {@value HandlerSinks#BEAN} for the API).
 */
public final class SinkBeans {

    /** The trust (and client keys) for HTTPS receivers: webhook.trust-store, or the JVM's. */
    public static final String SSL_CONTEXT_BEAN = "sslContextParameters";

    private SinkBeans() {
    }

    /**
     * @param trust         a private CA for HTTPS receivers (webhook.trust-store); empty for the JVM's trust
     * @param topicPrefixes where SmartREST handlers outside the root domain may publish
     */
    public static HandlerSinks bind(CamelContext context, KafkaDomainProperties kafkaDomains, KnownChildren knownChildren,
            Duration timeout, Optional<SSLContextParameters> trust, TenantTopicPrefixes topicPrefixes) {
        Registry registry = context.getRegistry();
        // SSLContextParameters with no trust managers set use the JVM's default ones
        registry.bind(SSL_CONTEXT_BEAN, trust.orElseGet(SSLContextParameters::new));
        SinkSetups setups = new SinkSetups();
        SmartRestSteps smartRest = new SmartRestSteps(setups, knownChildren);
        SharedJson json = new SharedJson();
        registry.bind("sharedJson", json);
        registry.bind("kafkaRecords", new KafkaRecords(context, setups, json));
        registry.bind("sharedKafkaClients", new SharedKafkaClients(setups, kafkaDomains));
        KameletKafkaClients.install(context);
        registry.bind("webhookRequests", new WebhookRequests(setups, json));
        registry.bind("webhookClients", new WebhookClients());
        registry.bind("webhookBatches", new WebhookBatches());
        WebhookBatches.registerThreadPools(context.getExecutorServiceManager());
        registry.bind("smartRestSteps", smartRest);
        registry.bind("smartRestPublishes", new SmartRestPublishes());
        registry.bind("cumulocityEvents", new CumulocityEvents());
        registry.bind("childSourceIds", new ChildSourceIds(smartRest));
        KameletCatalog catalog = new KameletCatalog(context, KameletCatalog.location(context));
        LayeredProperties layered = LayeredProperties.of(context);
        KameletAllowList allowList = new KameletAllowList(() -> layered.read(KameletAllowList.PREFIX));
        // in this order, webhook first, their secrets were masked before there was a class per type
        HandlerSinks sinks = new HandlerSinks(setups, topicPrefixes, List.of(new WebhookSink(timeout), new KafkaSink(kafkaDomains),
                new SmartRestSink(context, smartRest, timeout), new KameletSink(catalog, allowList)));
        registry.bind(HandlerSinks.BEAN, sinks);
        return sinks;
    }
}
