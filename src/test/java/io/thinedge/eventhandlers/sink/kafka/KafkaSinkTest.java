package io.thinedge.eventhandlers.sink.kafka;

import static io.thinedge.eventhandlers.support.Handlers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
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

/** The Kafka sink against a real Kafka. */
class KafkaSinkTest {

    static KafkaTestCluster kafka;

    @BeforeAll
    static void start() {
        kafka = KafkaTestCluster.start();
    }

    @AfterAll
    static void stop() {
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
        try (KafkaSink sink = new KafkaSink(handler("/", config), KafkaDomainProperties.none(), new SharedProducers());
                KafkaConsumer<String, String> consumer = kafka.consumer("sink-events")) {
            sink.deliver(Handlers.loginEvent());
            sink.deliver(Handlers.telemetry("/temperature", "21.5"));

            List<ConsumerRecord<String, String>> records = KafkaTestCluster.poll(consumer, 2);
            assertThat(records).extracting(ConsumerRecord::key).containsExactly("pump-1", "main");
            assertThat(json(records.get(0).value())).isEqualTo(json("""
                    {"eventType":"login_event","endpointName":"pump-1","domain":"/tenant/site/","timestamp":1714557600500,
                     "time":"2024-05-01T10:00:00.5Z","text":"Someone logged in","data":{"user":"alice"}}"""));
            assertThat(json(records.get(1).value()).path("value").decimalValue()).isEqualByComparingTo("21.5");
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
        try (KafkaSink sink = new KafkaSink(handler("/tenant/site/", connection), domains, new SharedProducers());
                KafkaConsumer<String, String> consumer = kafka.consumer("domain-events")) {
            sink.deliver(Handlers.loginEvent());
            assertThat(KafkaTestCluster.poll(consumer, 1)).extracting(ConsumerRecord::key).containsExactly("pump-1");
        }
        assertThatThrownBy(() -> new KafkaSink(handler("/elsewhere/", connection), domains, new SharedProducers()))
                .isInstanceOf(InvalidHandlerException.class).hasMessageContaining("/elsewhere/");
    }

    @Test
    void should_force_no_retries_and_a_bounded_block_whatever_the_handler_says() {
        Properties given = new Properties();
        given.setProperty("retries", "10");
        given.setProperty("max.block.ms", "600000");
        given.setProperty("linger.ms", "20");
        Properties used = KafkaSink.producerProperties(given);
        assertThat(used).containsEntry("retries", "0").containsEntry("max.block.ms", "8000")
                .containsEntry("linger.ms", "20").containsEntry("delivery.timeout.ms", "15020");
    }

    @Test
    void should_fail_within_the_forced_block_time_when_no_broker_answers() throws Exception {
        String config = custom("bootstrap.servers=127.0.0.1:" + MosquittoBroker.freePort(), "nowhere", "{}");
        try (KafkaSink sink = new KafkaSink(handler("/", config), KafkaDomainProperties.none(), new SharedProducers())) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> sink.deliver(Handlers.loginEvent()))
                    .isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(7000L, 20000L);
        }
    }

    @Test
    void should_share_one_producer_between_handlers_of_the_same_properties_until_the_last_goes() throws Exception {
        String properties = "bootstrap.servers=" + kafka.bootstrapServers() + "\n";
        SharedProducers producers = new SharedProducers();
        KafkaSink first = new KafkaSink(handler("/", custom(properties, "shared-a", "{}")), KafkaDomainProperties.none(), producers);
        KafkaSink second = new KafkaSink(handler("/", custom(properties, "shared-b", "{}")), KafkaDomainProperties.none(), producers);
        assertThat(producers.open()).isEqualTo(1);
        try (KafkaSink other = new KafkaSink(handler("/", custom(properties + "linger.ms=1\n", "shared-c", "{}")),
                KafkaDomainProperties.none(), producers)) {
            assertThat(producers.open()).as("other properties, another producer").isEqualTo(2);
        }
        assertThat(producers.open()).isEqualTo(1);

        try (KafkaConsumer<String, String> a = kafka.consumer("shared-a"); KafkaConsumer<String, String> b = kafka.consumer("shared-b")) {
            first.deliver(Handlers.loginEvent());
            second.deliver(Handlers.loginEvent());
            assertThat(KafkaTestCluster.poll(a, 1)).hasSize(1);
            assertThat(KafkaTestCluster.poll(b, 1)).hasSize(1);

            first.close();
            first.close(); // a second close of the same handler must not end the other's use
            assertThat(producers.open()).isEqualTo(1);
            second.deliver(Handlers.loginEvent());
            assertThat(KafkaTestCluster.poll(b, 1)).hasSize(1);
        }
        second.close();
        assertThat(producers.open()).isZero();
    }

    @Test
    void should_reject_a_domain_property_key_without_a_domain_path() {
        Properties config = new Properties();
        config.setProperty("kafka.domain.bootstrap.servers", "x:1");
        assertThatThrownBy(() -> KafkaDomainProperties.from(config))
                .hasMessageContaining("kafka.domain.bootstrap.servers");
    }
}
