package io.thinedge.eventhandlers.sink;

import java.time.Duration;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.eclipse.paho.mqttv5.client.MqttClient;

import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.sink.kafka.KafkaDomainProperties;
import io.thinedge.eventhandlers.sink.kafka.KafkaSink;
import io.thinedge.eventhandlers.sink.kafka.SharedProducers;
import io.thinedge.eventhandlers.sink.smartrest.SmartRestSink;
import io.thinedge.eventhandlers.sink.webhook.WebhookSink;
import io.thinedge.eventhandlers.store.KnownChildren;

/** Builds the {@link Sink} of a handler from its type and connection config. */
public final class SinkFactory {

    /** The registry name of the MQTT client SmartREST handlers publish with. */
    static final String MQTT_PUBLISHER = "mqttPublisher";

    private final CamelContext context;
    private final Duration webhookTimeout;
    private final KafkaDomainProperties kafkaDomains;
    private final KnownChildren knownChildren;
    /** Kafka handlers of the same cluster and settings share a producer. */
    private final SharedProducers kafkaProducers = new SharedProducers();
    private ProducerTemplate http;

    public SinkFactory(CamelContext context, Duration webhookTimeout, KafkaDomainProperties kafkaDomains,
            KnownChildren knownChildren) {
        this.context = context;
        this.webhookTimeout = webhookTimeout;
        this.kafkaDomains = kafkaDomains;
        this.knownChildren = knownChildren;
    }

    /** @throws Exception when the config is invalid or the client cannot be built (a failed delivery) */
    public Sink create(EventHandler handler) throws Exception {
        return switch (handler.type()) {
            case KAFKA -> new KafkaSink(handler, kafkaDomains, kafkaProducers);
            case WEBHOOK -> new WebhookSink(handler, context, webhookTimeout);
            case SMARTREST -> new SmartRestSink(handler,
                    context.getRegistry().lookupByNameAndType(MQTT_PUBLISHER, MqttClient.class), http(), knownChildren,
                    webhookTimeout, sslContextBean());
        };
    }

    /** The bean name of the webhooks' trust when one is bound (a private CA), for the SmartREST HTTP path too. */
    private String sslContextBean() {
        return context.getRegistry().lookupByNameAndType(WebhookSink.SSL_CONTEXT_BEAN, SSLContextParameters.class) != null
                ? WebhookSink.SSL_CONTEXT_BEAN : null;
    }

    /** Created on first use: the context is started by then. */
    private synchronized ProducerTemplate http() {
        if (http == null) {
            http = context.createProducerTemplate();
        }
        return http;
    }
}
