package io.thinedge.eventhandlers.sink.smartrest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.thinedge.eventhandlers.handler.EventFilter;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerType;
import io.thinedge.eventhandlers.mqtt.ReliableMqttClient;
import io.thinedge.eventhandlers.sink.kafka.KafkaDomainProperties;
import io.thinedge.eventhandlers.store.Database;
import io.thinedge.eventhandlers.store.KnownChildren;
import io.thinedge.eventhandlers.support.C8yTenant;
import io.thinedge.eventhandlers.support.Handlers;
import io.thinedge.eventhandlers.support.MosquittoBroker;
import io.thinedge.eventhandlers.support.MqttTestClient;
import io.thinedge.eventhandlers.support.SinkHarness;

/**
 * The tedge-smartrest-sink Kamelet against a real Mosquitto: child registration (101) once, before
 * the child's first event, remembered in the persistent {@link KnownChildren} only once that event
 * went out, so a failed delivery registers again when retried. The same for a batch of events,
 * published without waiting for each PUBACK on the forwarder's own publishing client.
 */
class SmartRestSinkTest {

    private static final String T = "2024-01-02T03:04:05Z";
    private static final EventHandler HANDLER = Handlers.handler(HandlerType.SMARTREST, "/",
            new EventFilter.Lifecycle(List.of("*")), "{\"topicPrefix\":\"c8ys\"}");

    static MosquittoBroker broker;

    @TempDir
    Path storeDir;
    Database database;
    MqttConnectionOptions publisherOptions;
    ReliableMqttClient publisher;
    SinkHarness camel;
    MqttTestClient cloud;
    C8yTenant tenant;

    @BeforeAll
    static void startBroker() {
        broker = MosquittoBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @BeforeEach
    void open() throws Exception {
        database = Database.inDirectory(storeDir);
        // the forwarder's kind of client (its mqttPublisher), connecting once, with no automatic reconnect
        publisherOptions = new MqttConnectionOptions();
        publisher = new ReliableMqttClient(broker.uri(), "smartrest-" + UUID.randomUUID(), publisherOptions, 1000)
                .connectForPublishing();
        await().atMost(Duration.ofSeconds(20)).until(publisher::isConnected);
        camel = harness();
        cloud = new MqttTestClient(broker.uri()).subscribe("c8ys/#");
        tenant = C8yTenant.start();
    }

    private SinkHarness harness() {
        return SinkHarness.start(KafkaDomainProperties.none(), Optional.empty(), Duration.ofSeconds(5),
                new KnownChildren(database), Map.of("mqttPublisher", publisher));
    }

    @AfterEach
    void close() throws Exception {
        tenant.close();
        cloud.close();
        camel.close();
        publisher.close();
        database.close();
    }

    private List<String> awaitPayloads(int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> cloud.received().size() >= count);
        return cloud.received().stream().map(MqttTestClient.Received::payload).toList();
    }

    @Test
    void should_register_a_child_only_before_its_first_event() throws Exception {
        camel.deliver(HANDLER, Handlers.deviceEvent("t", "one", T, "{}", "pump-7"));
        camel.deliver(HANDLER, Handlers.deviceEvent("t", "two", T, "{}", "pump-7"));

        List<String> sent = awaitPayloads(3);
        assertThat(sent).hasSize(3);
        assertThat(sent.get(0)).isEqualTo("101,pump-7,pump-7,thin-edge.io-child");
        assertThat(sent.get(1)).contains("\"text\":\"one\"");
        assertThat(sent.get(2)).contains("\"text\":\"two\"");
        assertThat(cloud.payloadsOn("c8ys/s/us")).containsExactly("101,pump-7,pump-7,thin-edge.io-child");
    }

    @Test
    void should_remember_known_children_after_a_restart() throws Exception {
        camel.deliver(HANDLER, Handlers.deviceEvent("t", "before", T, "{}", "pump-7"));
        awaitPayloads(2);
        camel.close();
        database.close();

        database = Database.inDirectory(storeDir);
        camel = harness();
        camel.deliver(HANDLER, Handlers.deviceEvent("t", "after", T, "{}", "pump-7"));

        assertThat(awaitPayloads(3)).containsExactly("101,pump-7,pump-7,thin-edge.io-child",
                "{\"type\":\"t\",\"time\":\"" + T + "\",\"text\":\"before\",\"externalSource\":{\"externalId\":\"pump-7\",\"type\":\"c8y_Serial\"}}",
                "{\"type\":\"t\",\"time\":\"" + T + "\",\"text\":\"after\",\"externalSource\":{\"externalId\":\"pump-7\",\"type\":\"c8y_Serial\"}}");
    }

    @Test
    void should_register_again_when_the_first_delivery_of_a_child_failed() throws Exception {
        publisher.disconnect();
        assertThatThrownBy(() -> camel.deliver(HANDLER, Handlers.deviceEvent("t", "hi", T, "{}", "pump-7")))
                .hasMessageContaining("not connected");

        publisher.connect(publisherOptions);
        camel.deliver(HANDLER, Handlers.deviceEvent("t", "hi", T, "{}", "pump-7"));

        List<String> sent = awaitPayloads(2);
        assertThat(sent).hasSize(2).first().isEqualTo("101,pump-7,pump-7,thin-edge.io-child");
        assertThat(new KnownChildren(database).isKnown("c8y:c8ys", "pump-7")).isTrue();
    }

    @Test
    void should_not_register_a_child_whose_event_cannot_be_sent() {
        assertThatThrownBy(() -> camel.deliver(HANDLER, Handlers.deviceEvent("t", "x".repeat(SmartRest.MQTT_MESSAGE_LIMIT_BYTES), T, "{}", "pump-7")))
                .isInstanceOf(MessageTooLargeException.class);

        assertThat(cloud.payloadsOn("c8ys/s/us")).isEmpty();
        assertThat(new KnownChildren(database).isKnown("c8y:c8ys", "pump-7")).isFalse();
    }

    @Test
    void should_send_main_device_events_without_registration() throws Exception {
        camel.deliver(HANDLER, Handlers.deviceEvent("login_event", "hi", T, "{}", null));

        assertThat(awaitPayloads(1)).containsExactly("400,login_event,\"hi\"," + T);
    }

    // --- batches: the events that queued up for the handler, in one exchange --------------------

    private static String childEvent(String text, String child) {
        return "{\"type\":\"t\",\"time\":\"" + T + "\",\"text\":\"" + text
                + "\",\"externalSource\":{\"externalId\":\"" + child + "\",\"type\":\"c8y_Serial\"}}";
    }

    private boolean known(String child) {
        return new KnownChildren(database).isKnown("c8y:c8ys", child);
    }

    @Test
    void should_publish_a_batch_in_order_with_a_new_childs_registration_once_before_its_first_event() throws Exception {
        camel.deliver(HANDLER, Handlers.deviceEvent("t", "earlier", T, "{}", "pump-8"));
        awaitPayloads(2);
        cloud.clear();

        try (SinkHarness.OpenSink sink = camel.open(HANDLER)) {
            sink.deliver(camel.batch(
                    Handlers.deviceEvent("login_event", "m1", T, "{}", null),
                    Handlers.deviceEvent("t", "c1", T, "{}", "pump-7"),
                    Handlers.deviceEvent("t", "k1", T, "{}", "pump-8"),
                    Handlers.deviceEvent("t", "c2", T, "{}", "pump-7"),
                    Handlers.deviceEvent("login_event", "m2", T, "{}", null)));
        }

        // delivered means acknowledged: the broker has every message already
        assertThat(known("pump-7")).isTrue();
        assertThat(awaitPayloads(6)).containsExactly(
                "400,login_event,\"m1\"," + T,
                "101,pump-7,pump-7,thin-edge.io-child",
                childEvent("c1", "pump-7"),
                childEvent("k1", "pump-8"),
                childEvent("c2", "pump-7"),
                "400,login_event,\"m2\"," + T);
    }

    @Test
    void should_fail_a_batch_while_the_broker_is_stopped_and_remember_no_child() throws Exception {
        broker.stop();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> !publisher.isConnected());
            try (SinkHarness.OpenSink sink = camel.open(HANDLER)) {
                assertThatThrownBy(() -> sink.deliver(camel.batch(
                        Handlers.deviceEvent("login_event", "m1", T, "{}", null),
                        Handlers.deviceEvent("t", "c1", T, "{}", "pump-7"))))
                        .hasMessageContaining("not connected");
            }
            assertThat(known("pump-7")).isFalse();
        } finally {
            broker.restart();
        }
    }

    @Test
    void should_fail_a_batch_the_broker_does_not_acknowledge_in_time_and_register_again_on_replay() throws Exception {
        List<org.apache.camel.Message> batch = camel.batch(
                Handlers.deviceEvent("t", "c1", T, "{}", "pump-7"),
                Handlers.deviceEvent("login_event", "m1", T, "{}", null));
        try (SinkHarness.OpenSink sink = camel.open(HANDLER)) {
            broker.freeze();
            try {
                assertThatThrownBy(() -> sink.deliver(batch))
                        .hasMessageContaining("not acknowledged by the MQTT broker within 5000 ms");
                assertThat(known("pump-7")).isFalse();
            } finally {
                broker.thaw();
            }
            // what was sent reaches the cloud late: the replay sends it again (at least once)
            awaitPayloads(3);
            cloud.clear();
            sink.deliver(camel.batch(Handlers.deviceEvent("t", "c1", T, "{}", "pump-7")));
        }

        assertThat(awaitPayloads(2)).containsExactly("101,pump-7,pump-7,thin-edge.io-child", childEvent("c1", "pump-7"));
        assertThat(known("pump-7")).isTrue();
    }

    // --- events too large for MQTT: POSTed to the tenant -----------------------------------------

    /** A handler with the fake tenant's URL, a token, and the main device's managed-object id 4711. */
    private EventHandler tenantHandler() {
        return Handlers.handler(HandlerType.SMARTREST, "/", new EventFilter.Lifecycle(List.of("*")),
                "{\"topicPrefix\":\"c8ys\",\"uri\":\"" + tenant.url() + "\",\"sourceId\":\"4711\","
                        + "\"auth\":{\"type\":\"token\",\"token\":\"tenant-token\"}}");
    }

    private static String large(String marker) {
        return marker + "-" + "x".repeat(SmartRest.MQTT_MESSAGE_LIMIT_BYTES);
    }

    private List<C8yTenant.Request> posts() {
        return tenant.requests().stream().filter(request -> request.method().equals("POST")).toList();
    }

    @Test
    void should_post_a_large_child_event_with_the_childs_own_managed_object_id_looked_up_once() throws Exception {
        tenant.register("pump-7", "9001");
        EventHandler handler = tenantHandler();

        camel.deliver(handler, Handlers.deviceEvent("t", large("first"), T, "{}", "pump-7"));
        camel.deliver(handler, Handlers.deviceEvent("t", large("second"), T, "{}", "pump-7"));

        List<C8yTenant.Request> requests = tenant.requests();
        assertThat(requests).extracting(C8yTenant.Request::method, C8yTenant.Request::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple("GET", "/identity/externalIds/c8y_Serial/pump-7"),
                org.assertj.core.groups.Tuple.tuple("POST", "/event/events/"),
                org.assertj.core.groups.Tuple.tuple("POST", "/event/events/"));
        assertThat(requests).allSatisfy(request -> assertThat(request.authorization()).isEqualTo("Bearer tenant-token"));
        assertThat(requests.get(0).body()).isEmpty();
        String external = ",\"externalSource\":{\"externalId\":\"pump-7\",\"type\":\"c8y_Serial\"},\"source\":{\"id\":\"9001\"}}";
        assertThat(requests.get(1).body()).isEqualTo("{\"type\":\"t\",\"time\":\"" + T + "\",\"text\":\"" + large("first") + "\"" + external);
        assertThat(requests.get(2).body()).isEqualTo("{\"type\":\"t\",\"time\":\"" + T + "\",\"text\":\"" + large("second") + "\"" + external);
        assertThat(requests.get(1).contentType()).startsWith("application/json");
        // the child was registered over MQTT before its id was looked up
        assertThat(awaitPayloads(1)).containsExactly("101,pump-7,pump-7,thin-edge.io-child");
    }

    @Test
    void should_post_a_large_main_device_event_with_the_configured_source_id_and_no_lookup() throws Exception {
        tenant.register("pump-7", "9001");
        EventHandler handler = tenantHandler();
        camel.deliver(handler, Handlers.deviceEvent("t", large("child"), T, "{}", "pump-7"));

        camel.deliver(handler, Handlers.deviceEvent("t", large("main"), T, "{}", null));

        assertThat(tenant.requests()).filteredOn(request -> request.method().equals("GET")).hasSize(1);
        assertThat(posts()).hasSize(2);
        assertThat(posts().get(1).body()).isEqualTo("{\"type\":\"t\",\"time\":\"" + T + "\",\"text\":\"" + large("main")
                + "\",\"source\":{\"id\":\"4711\"}}");
    }

    @Test
    void should_fail_a_large_event_of_a_child_unknown_to_cumulocity_naming_the_child() {
        assertThatThrownBy(() -> camel.deliver(tenantHandler(), Handlers.deviceEvent("t", large("lost"), T, "{}", "pump-8")))
                .isInstanceOf(SmartRestException.class)
                .hasMessageContaining("child device pump-8 is not registered in Cumulocity yet")
                .hasMessageContaining("/identity/externalIds/c8y_Serial/pump-8 answered 404");

        assertThat(posts()).isEmpty();
        assertThat(new KnownChildren(database).isKnown("c8y:c8ys", "pump-8")).isFalse();
    }

    @Test
    void should_post_a_childs_event_once_cumulocity_knows_the_child_after_a_failed_lookup() throws Exception {
        EventHandler handler = tenantHandler();
        assertThatThrownBy(() -> camel.deliver(handler, Handlers.deviceEvent("t", large("early"), T, "{}", "pump-9")))
                .hasMessageContaining("pump-9");

        tenant.register("pump-9", "9009");
        camel.deliver(handler, Handlers.deviceEvent("t", large("early"), T, "{}", "pump-9"));

        assertThat(posts()).singleElement().satisfies(post -> assertThat(post.body()).endsWith("\"source\":{\"id\":\"9009\"}}"));
        // registered again with the retry, as the first delivery failed
        assertThat(awaitPayloads(2)).containsExactly("101,pump-9,pump-9,thin-edge.io-child", "101,pump-9,pump-9,thin-edge.io-child");
    }
}
