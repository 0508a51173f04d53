package io.thinedge.eventhandlers.sink.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

/**
 * What camel-kafka's endpoint of one handler gets from {@link SharedKafkaClients}: the shared
 * producer, whose {@code close()} (camel-kafka closes the producers it was given by its client
 * factory when the route stops) ends only this handler's lease. Transactions are not offered:
 * a shared producer cannot hold one handler's transaction.
 */
final class LeasedProducer implements Producer<Object, Object> {

    private final SharedProducers.Lease lease;

    LeasedProducer(SharedProducers.Lease lease) {
        this.lease = lease;
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<Object, Object> record) {
        return lease.producer().send(record);
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<Object, Object> record, Callback callback) {
        return lease.producer().send(record, callback);
    }

    @Override
    public void flush() {
        lease.producer().flush();
    }

    @Override
    public List<PartitionInfo> partitionsFor(String topic) {
        return lease.producer().partitionsFor(topic);
    }

    @Override
    public Map<MetricName, ? extends Metric> metrics() {
        return lease.producer().metrics();
    }

    @Override
    public Uuid clientInstanceId(Duration timeout) {
        return lease.producer().clientInstanceId(timeout);
    }

    @Override
    public void close() {
        lease.close();
    }

    @Override
    public void close(Duration timeout) {
        lease.close();
    }

    @Override
    public void initTransactions() {
        throw noTransactions();
    }

    @Override
    public void beginTransaction() {
        throw noTransactions();
    }

    @Override
    @Deprecated
    public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets, String consumerGroupId) {
        throw noTransactions();
    }

    @Override
    public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata metadata) {
        throw noTransactions();
    }

    @Override
    public void commitTransaction() {
        throw noTransactions();
    }

    @Override
    public void abortTransaction() {
        throw noTransactions();
    }

    private static UnsupportedOperationException noTransactions() {
        return new UnsupportedOperationException("Kafka handlers share producers and send no transactions");
    }
}
