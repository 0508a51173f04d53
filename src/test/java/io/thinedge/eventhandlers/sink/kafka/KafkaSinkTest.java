package io.thinedge.eventhandlers.sink.kafka;

import static io.thinedge.eventhandlers.support.Handlers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.handler.EventFilter;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerType;
import io.thinedge.eventhandlers.handler.InvalidHandlerException;
import io.thinedge.eventhandlers.support.Handlers;
import io.thinedge.eventhandlers.support.KafkaTestCluster;
import io.thinedge.eventhandlers.support.MosquittoBroker;
import io.thinedge.eventhandlers.support.SinkHarness;

/** The tedge-kafka-sink Kamelet (camel-kafka, the shared producers of SharedKafkaClients) against a real Kafka. */
class KafkaSinkTest {

    static KafkaTestCluster kafka;
    static SinkHarness camel;

    @BeforeAll
    static void start() {
        kafka = KafkaTestCluster.start();
        camel = SinkHarness.start(Optional.empty(), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        camel.close();
        kafka.close();
    }

    static EventHandler handler(String domain, String connectionConfig) {
        return Handlers.handler(HandlerType.KAFKA, domain, new EventFilter.Lifecycle(List.of("*")), connectionConfig);
    }

    static String custom(String properties, String topic, String headers) {
        return "{\"type\":\"custom\",\"value\":" + Handlers.JSON.valueToTree(properties) + ",\"topic\":\"" + topic
                + "\",\"headers\":" + headers + "}";
    }

    @Test
    void should_send_one_record_keyed_by_device_with_the_generic_json_and_the_headers() throws Exception {
        String config = custom("bootstrap.servers=" + kafka.bootstrapServers() + "\nlinger.ms=1\n", "sink-events",
                "{\"source\":\"gateway-7\",\"site\":\"north\"}");
        try (SinkHarness.OpenSink sink = camel.open(handler("/", config));
                KafkaConsumer<String, String> consumer = kafka.consumer("sink-events")) {
            sink.deliver(Handlers.loginEvent());
            sink.deliver(List.of(Handlers.telemetry("/temperature", "21.5")));

            List<ConsumerRecord<String, String>> records = KafkaTestCluster.poll(consumer, 2);
            assertThat(records).extracting(ConsumerRecord::key).containsExactly("pump-1", "main");
            assertThat(json(records.get(0).value())).isEqualTo(json("""
                    {"eventType":"login_event","endpointName":"pump-1","domain":"/tenant/site/","timestamp":1714557600500,
                     "time":"2024-05-01T10:00:00.5Z","text":"Someone logged in","data":{"user":"alice"}}"""));
            assertThat(json(records.get(1).value()).path("value").decimalValue()).isEqualByComparingTo("21.5");
            assertThat(records.get(0).headers()).as("the handler's headers, nothing of Camel's or the forwarder's")
                    .extracting(org.apache.kafka.common.header.Header::key).containsExactlyInAnyOrder("source", "site");
            assertThat(new String(records.get(0).headers().lastHeader("source").value(), StandardCharsets.UTF_8))
                    .isEqualTo("gateway-7");
            assertThat(new String(records.get(0).headers().lastHeader("site").value(), StandardCharsets.UTF_8))
                    .isEqualTo("north");
        }
    }

    @Test
    void should_use_the_properties_of_the_nearest_configured_domain() throws Exception {
        Properties config = new Properties();
        config.setProperty("kafka.domain./tenant/.bootstrap.servers", kafka.bootstrapServers());
        config.setProperty("kafka.domain./other/.bootstrap.servers", "127.0.0.1:1");
        KafkaDomainProperties domains = KafkaDomainProperties.from(config);
        String connection = "{\"type\":\"domainProperties\",\"topic\":\"domain-events\",\"headers\":null}";
        try (SinkHarness withDomains = SinkHarness.start(domains, Optional.empty(), Duration.ofSeconds(10), null)) {
            try (KafkaConsumer<String, String> consumer = kafka.consumer("domain-events")) {
                withDomains.deliver(handler("/tenant/site/", connection), Handlers.loginEvent());
                assertThat(KafkaTestCluster.poll(consumer, 1)).extracting(ConsumerRecord::key).containsExactly("pump-1");
            }
            assertThatThrownBy(() -> withDomains.deliver(handler("/elsewhere/", connection), Handlers.loginEvent()))
                    .hasRootCauseInstanceOf(InvalidHandlerException.class).hasStackTraceContaining("/elsewhere/");
        }
    }

    @Test
    void should_force_no_retries_and_a_bounded_block_whatever_the_handler_says() {
        Properties given = new Properties();
        given.setProperty("retries", "10");
        given.setProperty("max.block.ms", "600000");
        given.setProperty("linger.ms", "20");
        Properties used = SharedKafkaClients.producerProperties(given);
        assertThat(used).containsEntry("retries", "0").containsEntry("max.block.ms", "8000")
                .containsEntry("linger.ms", "20").containsEntry("delivery.timeout.ms", "15020");
    }

    @Test
    void should_fail_within_the_forced_block_time_when_no_broker_answers() throws Exception {
        String config = custom("bootstrap.servers=127.0.0.1:" + MosquittoBroker.freePort(), "nowhere", "{}");
        try (SinkHarness.OpenSink sink = camel.open(handler("/", config))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> sink.deliver(Handlers.loginEvent()))
                    .isInstanceOf(java.util.concurrent.ExecutionException.class)
                    .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(7000L, 20000L);
        }
    }

    @Test
    void should_share_one_producer_between_handlers_of_the_same_properties_until_the_last_goes() throws Exception {
        String properties = "bootstrap.servers=" + kafka.bootstrapServers() + "\n";
        SinkHarness.OpenSink first = camel.open(handler("/", custom(properties, "shared-a", "{}")));
        SinkHarness.OpenSink second = camel.open(handler("/", custom(properties, "shared-b", "{}")));
        assertThat(camel.openKafkaProducers()).isEqualTo(1);
        try (SinkHarness.OpenSink other = camel.open(handler("/", custom(properties + "linger.ms=1\n", "shared-c", "{}")))) {
            assertThat(camel.openKafkaProducers()).as("other properties, another producer").isEqualTo(2);
        }
        assertThat(camel.openKafkaProducers()).isEqualTo(1);

        try (KafkaConsumer<String, String> a = kafka.consumer("shared-a"); KafkaConsumer<String, String> b = kafka.consumer("shared-b")) {
            first.deliver(Handlers.loginEvent());
            second.deliver(Handlers.loginEvent());
            assertThat(KafkaTestCluster.poll(a, 1)).hasSize(1);
            assertThat(KafkaTestCluster.poll(b, 1)).hasSize(1);

            first.close();
            first.close(); // a second close of the same handler must not end the other's use
            assertThat(camel.openKafkaProducers()).isEqualTo(1);
            second.deliver(Handlers.loginEvent());
            assertThat(KafkaTestCluster.poll(b, 1)).hasSize(1);
        }
        second.close();
        assertThat(camel.openKafkaProducers()).isZero();
    }

    @Test
    void should_reject_a_domain_property_key_without_a_domain_path() {
        Properties config = new Properties();
        config.setProperty("kafka.domain.bootstrap.servers", "x:1");
        assertThatThrownBy(() -> KafkaDomainProperties.from(config))
                .hasMessageContaining("kafka.domain.bootstrap.servers");
    }
}
