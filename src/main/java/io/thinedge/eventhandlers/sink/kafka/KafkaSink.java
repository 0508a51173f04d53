package io.thinedge.eventhandlers.sink.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import io.thinedge.eventhandlers.event.Event;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.InvalidHandlerException;
import io.thinedge.eventhandlers.sink.EventPayloads;
import io.thinedge.eventhandlers.sink.Sink;

/**
 * A Kafka handler: a producer built from its custom properties or its domain's, with
 * {@code retries=0} and {@code max.block.ms=8000} forced, and shared with the handlers whose
 * properties are the same ({@link SharedProducers}). Each event is one record on the handler's
 * topic, keyed by device id (per-device order), holding the generic JSON, with the handler's headers.
 *
 * <p>A plain {@link KafkaProducer} rather than a camel-kafka endpoint: the operator's properties
 * (SASL passwords included) go to the client as they are instead of into an endpoint URI that Camel
 * logs and lists, and the producer is closed exactly when the last handler using it goes.
 */
public final class KafkaSink implements Sink {

    /** A delivery waits at most this long for the broker's acknowledgement, unless the properties say otherwise. */
    static final String DEFAULT_REQUEST_TIMEOUT_MS = "15000";

    private final SharedProducers.Lease lease;
    private final String topic;
    /** The handler's record headers, encoded once: records share them (they are only read). */
    private final List<Header> headers;

    public KafkaSink(EventHandler handler, KafkaDomainProperties domains, SharedProducers producers) {
        KafkaConfig config = KafkaConfig.from(handler.connectionConfig());
        Properties properties = config.customProperties().orElseGet(() -> domains.forDomain(handler.domain())
                .orElseThrow(() -> new InvalidHandlerException("connectionConfig.type", "domainProperties: no Kafka "
                        + "properties are configured for domain " + handler.domain() + " or a parent (keys "
                        + KafkaDomainProperties.PREFIX + "<domain>.bootstrap.servers, ...)")));
        this.topic = config.topic();
        this.headers = config.headers().entrySet().stream()
                .<Header>map(header -> new RecordHeader(header.getKey(), header.getValue().getBytes(StandardCharsets.UTF_8)))
                .toList();
        this.lease = producers.acquire(producerProperties(properties));
    }

    /** The handler's properties with what delivery depends on forced, and bounded waits by default. */
    static Properties producerProperties(Properties given) {
        Properties properties = KafkaPropertyPolicy.withForcedSettings(given);
        properties.putIfAbsent("request.timeout.ms", DEFAULT_REQUEST_TIMEOUT_MS);
        if (!properties.containsKey("delivery.timeout.ms")) {
            // the client insists on delivery.timeout.ms >= linger.ms + request.timeout.ms
            long linger = Long.parseLong(properties.getProperty("linger.ms", "0").trim());
            long request = Long.parseLong(properties.getProperty("request.timeout.ms").trim());
            properties.setProperty("delivery.timeout.ms", String.valueOf(linger + request));
        }
        return properties;
    }

    @Override
    public void deliver(Event event) throws Exception {
        deliverAll(List.of(event));
    }

    @Override
    public boolean batches() {
        return true;
    }

    /**
     * Sends every record before waiting for any: the producer batches them (linger.ms,
     * batch.size) and the wait is one round trip for the lot instead of one per event.
     */
    @Override
    public void deliverAll(List<Event> events) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
        for (Event event : events) {
            sent.add(lease.producer().send(new ProducerRecord<>(topic, null, event.deviceId(),
                    EventPayloads.genericJsonBytes(event), headers)));
        }
        for (Future<RecordMetadata> result : sent) {
            try {
                result.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
    }

    @Override
    public void close() {
        lease.close();
    }
}
