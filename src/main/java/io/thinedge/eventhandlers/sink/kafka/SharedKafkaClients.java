package io.thinedge.eventhandlers.sink.kafka;

import java.util.Properties;

import org.apache.camel.component.kafka.DefaultKafkaClientFactory;
import org.apache.camel.component.kafka.KafkaClientFactory;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.thinedge.eventhandlers.handler.InvalidHandlerException;
import io.thinedge.eventhandlers.sink.SinkSetups;

/**
 * The {@code sharedKafkaClients} bean: camel-kafka's client factory for the {@code tedge-kafka-sink}
 * Kamelet, named on that Kamelet's endpoint only (other {@code kafka:} endpoints get
 * {@link KameletKafkaClients}). The endpoint names its handler ({@code additionalProperties.tedge.handler}); the
 * producer is built from that handler's own properties (its {@code custom} text, or its domain's
 * {@code kafka.domain.*} keys) with {@code retries=0} and {@code max.block.ms=8000} forced, so
 * the operator's settings (SASL passwords included) reach the client without ever being part of
 * an endpoint URI that Camel logs and lists. Handlers with the same properties share one
 * producer ({@link SharedProducers}).
 */
public final class SharedKafkaClients implements KafkaClientFactory {

    /** The producer property by which the Kamelet's endpoint names its handler; never sent to Kafka. */
    public static final String HANDLER_PROPERTY = "tedge.handler";

    private final SinkSetups setups;
    private final KafkaDomainProperties domains;
    private final SharedProducers producers;

    public SharedKafkaClients(SinkSetups setups, KafkaDomainProperties domains) {
        this.setups = setups;
        this.domains = domains;
        DefaultKafkaClientFactory camelDefault = new DefaultKafkaClientFactory();
        @SuppressWarnings("unchecked")
        SharedProducers shared = new SharedProducers(properties -> camelDefault.getProducer(properties));
        this.producers = shared;
    }

    @Override
    public Producer<Object, Object> getProducer(Properties camelProperties) {
        String handlerId = camelProperties.getProperty(HANDLER_PROPERTY);
        if (handlerId == null) {
            throw new IllegalArgumentException("The Kafka endpoint names no event handler (additionalProperties."
                    + HANDLER_PROPERTY + ")");
        }
        KafkaConfig config = setups.parsed(handlerId, KafkaConfig.class, handler -> KafkaConfig.from(handler.connectionConfig()));
        String domain = setups.find(handlerId).orElseThrow().domain();
        Properties properties = config.customProperties().orElseGet(() -> domains.forDomain(domain)
                .orElseThrow(() -> new InvalidHandlerException("connectionConfig.type", "domainProperties: no Kafka "
                        + "properties are configured for domain " + domain + " or a parent (keys "
                        + KafkaDomainProperties.PREFIX + "<domain>.bootstrap.servers, ...)")));
        return new LeasedProducer(producers.acquire(producerProperties(properties)));
    }

    /** The handler's properties with what delivery depends on forced, bounded waits, and the records' serializers. */
    static Properties producerProperties(Properties given) {
        Properties properties = ProducerSettings.applied(given);
        properties.setProperty("key.serializer", StringSerializer.class.getName());
        properties.setProperty("value.serializer", ByteArraySerializer.class.getName());
        return properties;
    }

    @Override
    public Consumer<?, ?> getConsumer(Properties properties) {
        throw new UnsupportedOperationException("Kafka handlers only produce");
    }

    /** None: the brokers come with the handler's own properties (bootstrap.servers). */
    @Override
    public String getBrokers(KafkaConfiguration configuration) {
        return null;
    }

    /** Producers open now (tests check that handlers share them and the last one closes them). */
    public int openProducers() {
        return producers.open();
    }
}
