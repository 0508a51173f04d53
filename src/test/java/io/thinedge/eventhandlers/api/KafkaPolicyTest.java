package io.thinedge.eventhandlers.api;

import static io.thinedge.eventhandlers.support.HandlerApiClient.inDomain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import io.thinedge.eventhandlers.sink.kafka.KafkaDomainProperties;
import io.thinedge.eventhandlers.support.ForwarderExtension;
import io.thinedge.eventhandlers.support.HandlerApiClient;
import io.thinedge.eventhandlers.support.KafkaTestCluster;
import io.thinedge.eventhandlers.support.MosquittoBroker;

/**
 * The Kafka property policy through the real API and a real Kafka: the login module read as
 * Kafka reads it (issue 26), settings checked by Kafka's own definitions at create and update,
 * bad {@code kafka.domain.*} sets reported at start, and catalog Kafka Kamelets that deliver with
 * the forced settings and the same policy (issue 27).
 */
class KafkaPolicyTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String LIFECYCLE = "{\"type\":\"lifecycle\",\"eventTypes\":[\"kafka_policy_evt\"]}";

    static KafkaTestCluster kafka;
    static final ListAppender<ILoggingEvent> domainLog = new ListAppender<>();

    @RegisterExtension
    static final ForwarderExtension forwarder = ForwarderExtension.withDefaults()
            .property("handlers.retest-interval", "0")
            // every catalog Kafka Kamelet opened, as an administrator may: the policy must still hold for each
            .property("kamelet.allowed", "tedge-kafka-sink,tedge-webhook-sink,tedge-smartrest-sink,"
                    + "kafka-not-secured-sink,kafka-sink,kafka-scram-sink,kafka-ssl-sink")
            .tokensFile("""
                    / root-token
                    /tenant/a/ token-a
                    """)
            .properties(properties -> {
                kafka = KafkaTestCluster.start();
                String servers = kafka.bootstrapServers();
                properties.put("kafka.domain./bad-linger/.bootstrap.servers", servers);
                properties.put("kafka.domain./bad-linger/.linger.ms", "abc");
                properties.put("kafka.domain./bad-idempotence/.bootstrap.servers", servers);
                properties.put("kafka.domain./bad-idempotence/.enable.idempotence", "true");
                properties.put("kafka.domain./bad-key/.bootstrap.servers", servers);
                properties.put("kafka.domain./bad-key/.no.such.setting", "1");
                Logger logger = (Logger) LoggerFactory.getLogger(KafkaDomainProperties.class);
                domainLog.start();
                logger.addAppender(domainLog);
            })
            .afterStop(() -> kafka.close())
            .deletingHandlersAfterEach();
    static final HandlerApiClient root = new HandlerApiClient(forwarder).withToken("root-token");
    static final HandlerApiClient tenantA = root.withToken("token-a");

    @AfterAll
    static void detachLog() {
        ((Logger) LoggerFactory.getLogger(KafkaDomainProperties.class)).detachAppender(domainLog);
    }

    static String kafkaBody(String connectionConfig) {
        return "{\"name\":\"k\",\"enabled\":true,\"filter\":" + LIFECYCLE + ",\"connectionConfig\":" + connectionConfig + "}";
    }

    static String custom(String properties) {
        return "{\"type\":\"custom\",\"value\":" + HandlerApiClient.JSON.valueToTree(properties) + ",\"topic\":\"policy\",\"headers\":{}}";
    }

    static String kamelet(String name, String properties) {
        return kafkaBody("{\"kamelet\":\"" + name + "\",\"properties\":" + properties + "}");
    }

    @Test
    void should_refuse_a_quoted_login_module_behind_a_decoy_option_from_a_tenant_at_post_and_put() {
        String bypass = "bootstrap.servers=" + kafka.bootstrapServers() + "\nsecurity.protocol=SASL_PLAINTEXT\n"
                + "sasl.mechanism=PLAIN\nsasl.jaas.config=\"com.sun.security.auth.module.KeyStoreLoginModule\" required "
                + "keyStoreURL=\"file:/etc/passwd\" decoy=\"org.apache.kafka.common.security.plain.PlainLoginModule required\";";

        HandlerApiClient.Answer created = tenantA.post(inDomain("/kafka", "/tenant/a/"), kafkaBody(custom(bypass)));
        String id = tenantA.create("kafka", "/tenant/a/", kafkaBody(custom("bootstrap.servers=" + kafka.bootstrapServers())));
        HandlerApiClient.Answer updated = tenantA.put(inDomain("/kafka/" + id, "/tenant/a/"), kafkaBody(custom(bypass)));

        for (HandlerApiClient.Answer answer : List.of(created, updated)) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(400);
            assertThat(answer.error()).contains("connectionConfig.value").contains("com.sun.security.auth.module.KeyStoreLoginModule");
        }
        assertThat(forwarder.store().find(id).orElseThrow().connectionConfig().toString()).doesNotContain("KeyStoreLoginModule");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            linger.ms=abc            | linger.ms
            enable.idempotence=true  | enable.idempotence
            no.such.setting=1        | no.such.setting
            retries=3                | retries
            security.protocol=SASL_PLAINTEXT | sasl.jaas.config
            """)
    void should_refuse_custom_properties_kafka_refuses_or_that_contradict_the_forced_ones_at_post_and_put(String setting,
            String key) {
        String properties = "bootstrap.servers=" + kafka.bootstrapServers() + "\n" + setting;

        HandlerApiClient.Answer created = tenantA.post(inDomain("/kafka", "/tenant/a/"), kafkaBody(custom(properties)));
        String id = tenantA.create("kafka", "/tenant/a/", kafkaBody(custom("bootstrap.servers=" + kafka.bootstrapServers())));
        HandlerApiClient.Answer updated = tenantA.put(inDomain("/kafka/" + id, "/tenant/a/"), kafkaBody(custom(properties)));

        for (HandlerApiClient.Answer answer : List.of(created, updated)) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(400);
            assertThat(answer.error()).contains("connectionConfig.value").contains(key);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /bad-linger/      | kafka.domain./bad-linger/.linger.ms
            /bad-idempotence/ | kafka.domain./bad-idempotence/.enable.idempotence
            /bad-key/         | kafka.domain./bad-key/.no.such.setting
            """)
    void should_report_a_bad_domain_set_at_start_and_refuse_handlers_that_would_use_it(String domain, String key) {
        String domainProperties = "{\"type\":\"domainProperties\",\"topic\":\"policy\",\"headers\":{}}";

        HandlerApiClient.Answer created = root.post(inDomain("/kafka", domain), kafkaBody(domainProperties));
        String id = root.create("kafka", domain, kafkaBody(custom("bootstrap.servers=" + kafka.bootstrapServers())));
        HandlerApiClient.Answer updated = root.put(inDomain("/kafka/" + id, domain), kafkaBody(domainProperties));

        for (HandlerApiClient.Answer answer : List.of(created, updated)) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(400);
            assertThat(answer.error()).contains("connectionConfig.type").contains(key);
        }
        assertThat(domainLog.list).as("reported when read, and the forwarder started")
                .anyMatch(line -> line.getLevel() == Level.ERROR && line.getFormattedMessage().contains(key));
    }

    @Test
    void should_deliver_through_the_catalogs_kafka_not_secured_sink_to_a_real_kafka() {
        root.create("kamelet", "/", kamelet("kafka-not-secured-sink",
                "{\"topic\":\"kamelet-events\",\"bootstrapServers\":\"" + kafka.bootstrapServers() + "\"}"));

        try (KafkaConsumer<String, String> consumer = kafka.consumer("kamelet-events")) {
            forwarder.device().publish("tedge/events/kafka_policy_evt/pump-3", "{\"text\":\"through kafka-not-secured-sink\"}");

            List<ConsumerRecord<String, String>> records = KafkaTestCluster.poll(consumer, 1);
            assertThat(records.get(0).value()).contains("\"eventType\":\"kafka_policy_evt\"")
                    .contains("\"endpointName\":\"pump-3\"").contains("through kafka-not-secured-sink");
        }
    }

    @Test
    void should_give_a_kafka_kamelets_producer_the_forced_bounded_block() {
        String id = root.create("kamelet", "/", kamelet("kafka-not-secured-sink",
                "{\"topic\":\"nowhere\",\"bootstrapServers\":\"127.0.0.1:" + MosquittoBroker.freePort() + "\"}"));

        forwarder.device().publish("tedge/events/kafka_policy_evt", "{\"text\":\"no broker\"}");

        // camel-kafka's own max.block.ms is 60000: the forced 8000 fails the delivery within the wait
        await().atMost(WAIT).until(() -> forwarder.store().find(id).orElseThrow().state().lastError() != null);
        assertThat(forwarder.store().find(id).orElseThrow().state().lastError()).contains("8000 ms");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            kafka-sink             | password          | {"topic":"t","bootstrapServers":"127.0.0.1:9092","user":"u","password":"p\\"; com.sun.security.auth.module.KeyStoreLoginModule required a=\\"b"}
            kafka-sink             | user              | {"topic":"t","bootstrapServers":"127.0.0.1:9092","user":"u\\" x=\\"y","password":"p"}
            kafka-sink             | password          | {"topic":"t","bootstrapServers":"127.0.0.1:9092","user":"u","password":"p)&lingerMs=777"}
            kafka-sink             | saslMechanism     | {"topic":"t","bootstrapServers":"127.0.0.1:9092","user":"u","password":"p","saslMechanism":"GSSAPI"}
            kafka-sink             | securityProtocol  | {"topic":"t","bootstrapServers":"127.0.0.1:9092","user":"u","password":"p","securityProtocol":"SASL_NOTHING"}
            kafka-not-secured-sink | topic             | {"topic":"t?kafkaClientFactory=#sharedKafkaClients","bootstrapServers":"127.0.0.1:9092"}
            kafka-not-secured-sink | bootstrapServers  | {"topic":"t","bootstrapServers":"127.0.0.1:9092&valueSerializer=com.evil.X"}
            kafka-ssl-sink         | kamelet           | {"topic":"t","bootstrapServers":"127.0.0.1:9092","sslKeystoreLocation":"k.jks","sslKeystorePassword":"p","sslTruststoreLocation":"t.jks","sslTruststorePassword":"p","sslKeyPassword":"p"}
            """)
    void should_apply_the_kafka_property_policy_to_kafka_kamelets(String name, String property, String properties) {
        HandlerApiClient.Answer answer = root.post("/kamelet", kamelet(name, properties));

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.error()).contains(property.equals("kamelet") ? "connectionConfig.kamelet"
                : "connectionConfig.properties." + property);
        assertThat(forwarder.store().all()).isEmpty();
    }
}
