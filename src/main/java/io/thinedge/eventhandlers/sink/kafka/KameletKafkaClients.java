package io.thinedge.eventhandlers.sink.kafka;

import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.DefaultKafkaClientFactory;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.kafka.clients.producer.Producer;

/**
 * The client factory of the {@code kafka} component, so of every {@code kafka:} endpoint but the
 * {@code tedge-kafka-sink} Kamelet's (which names {@link SharedKafkaClients}): Camel's own
 * producers, with the settings delivery depends on forced ({@link ProducerSettings#applied}), for
 * the catalog's Kafka Kamelets ({@code kafka-not-secured-sink}, {@code kafka-sink}, ...).
 */
public final class KameletKafkaClients extends DefaultKafkaClientFactory {

    /** The registry name; a second bean of the type, so Camel autowires neither into a component. */
    static final String BEAN = "kameletKafkaClients";

    /**
     * Makes this the {@code kafka} component's factory, set explicitly: Camel would otherwise
     * autowire a single {@code KafkaClientFactory} bean of the registry ({@code sharedKafkaClients},
     * which serves only its handlers' endpoints) into the component and so into every endpoint.
     */
    public static void install(CamelContext context) {
        KameletKafkaClients clients = new KameletKafkaClients();
        context.getRegistry().bind(BEAN, clients);
        KafkaComponent kafka = context.getComponent("kafka", KafkaComponent.class);
        kafka.setAutowiredEnabled(false);
        kafka.setKafkaClientFactory(clients);
    }

    @Override
    public Producer getProducer(Properties kafkaProps) {
        return super.getProducer(ProducerSettings.applied(kafkaProps));
    }
}
