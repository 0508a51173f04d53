package io.thinedge.eventhandlers.sink.smartrest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.sun.net.httpserver.HttpServer;

import io.thinedge.eventhandlers.sink.smartrest.C8yBuiltin;
import io.thinedge.eventhandlers.support.HttpReceiver;
import io.thinedge.eventhandlers.support.Handlers;
import io.thinedge.eventhandlers.store.DeadLetters;
import io.thinedge.eventhandlers.handler.HandlerType;
import io.thinedge.eventhandlers.handler.EventFilter;
import io.thinedge.eventhandlers.support.ForwarderExtension;
import io.thinedge.eventhandlers.support.MqttTestClient;

/** The built-in Cumulocity output of the real application, against real Mosquitto and a local HTTP server. */
class C8yBuiltinEndToEndTest {

    /** One request as the fake tenant received it. */
    record Request(String method, String path, String authorization, String contentType, String body, int answeredWith) {
    }

    static final List<Request> requests = new CopyOnWriteArrayList<>();
    static final AtomicInteger status = new AtomicInteger(201);
    static HttpServer tenant;
    static MqttTestClient cloud;

    @RegisterExtension
    static final ForwarderExtension forwarder = ForwarderExtension.withDefaults()
            .property("c8y.enabled", "true")
            .properties(properties -> properties.put("c8y.url", "http://127.0.0.1:" + startTenant()))
            .property("c8y.source-id", "4711")
            .property(C8yBuiltin.AUTHORIZATION_KEY, "Bearer test-token")
            .afterStop(() -> tenant.stop(0));

    /** The fake tenant; answers its port. */
    static int startTenant() throws IOException {
        tenant = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tenant.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            // the identity API knows one child, pump-big, as managed object 8001
            boolean identity = exchange.getRequestURI().getPath().startsWith("/identity/");
            boolean pumpBig = exchange.getRequestURI().getPath().equals("/identity/externalIds/c8y_Serial/pump-big");
            int answer = identity ? (pumpBig ? 200 : 404) : status.get();
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body, answer));
            byte[] response = (pumpBig ? "{\"externalId\":\"pump-big\",\"type\":\"c8y_Serial\",\"managedObject\":{\"id\":\"8001\"}}"
                    : "{}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer, response.length);
            exchange.getResponseBody().write(response);
            exchange.close();
        });
        tenant.start();
        return tenant.getAddress().getPort();
    }

    @BeforeAll
    static void subscribeCloud() {
        cloud = new MqttTestClient(forwarder.broker().uri()).subscribe("c8y/#");
    }

    @AfterAll
    static void closeCloud() {
        cloud.close();
    }

    @Test
    void should_send_a_main_device_event_as_smartrest_400() {
        // the built-in output works on a copy: the dispatch to the handlers after it must still complete
        org.apache.camel.builder.NotifyBuilder completed = new org.apache.camel.builder.NotifyBuilder(forwarder.context())
                .fromRoute("tedge-events").filter(ForwarderExtension::isMqttMessage).whenCompleted(1).create();
        forwarder.device().publish("tedge/events/login_event", "{\"text\":\"hi\"}");
        assertThat(completed.matches(20, TimeUnit.SECONDS)).as("the MQTT message completed").isTrue();

        await().atMost(Duration.ofSeconds(20)).until(() -> !cloud.payloadsOn("c8y/s/us").stream()
                .filter(payload -> payload.startsWith("400,login_event,")).toList().isEmpty());
        assertThat(cloud.payloadsOn("c8y/s/us")).filteredOn(payload -> payload.startsWith("400,login_event,"))
                .singleElement().asString().matches("400,login_event,\"hi\",\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
    }

    @Test
    void should_register_a_new_child_once_then_send_its_events_as_json() {
        forwarder.device().publish("tedge/events/door_open/pump-7", "{\"text\":\"open\",\"time\":\"2024-01-02T03:04:05+00:00\"}");
        forwarder.device().publish("tedge/events/door_open/pump-7", "{\"text\":\"again\",\"time\":\"2024-01-02T03:04:06+00:00\"}");

        String external = ",\"externalSource\":{\"externalId\":\"pump-7\",\"type\":\"c8y_Serial\"}}";
        await().atMost(Duration.ofSeconds(20)).until(() -> cloud.payloadsOn("c8y/event/events/create").stream()
                .filter(payload -> payload.contains("pump-7")).count() == 2);
        List<String> forPump = cloud.received().stream().map(MqttTestClient.Received::payload)
                .filter(payload -> payload.contains("pump-7")).toList();
        assertThat(forPump).containsExactly("101,pump-7,pump-7,thin-edge.io-child",
                "{\"type\":\"door_open\",\"time\":\"2024-01-02T03:04:05Z\",\"text\":\"open\"" + external,
                "{\"type\":\"door_open\",\"time\":\"2024-01-02T03:04:06Z\",\"text\":\"again\"" + external);
    }

    @Test
    void should_leave_registrations_and_commands_to_thin_edges_own_mapper() {
        String registration = "te/device/reg-9//";
        String firmware = "te/device/reg-9///cmd/firmware_update/fw-1";
        NotifyBuilder registered = new NotifyBuilder(forwarder.context()).fromRoute("te-registrations")
                .filter(exchange -> registration.equals(exchange.getMessage().getHeader("CamelMqttTopic"))).whenDone(1).create();
        NotifyBuilder updated = new NotifyBuilder(forwarder.context()).fromRoute("te-commands")
                .filter(exchange -> firmware.equals(exchange.getMessage().getHeader("CamelMqttTopic"))).whenDone(1).create();
        forwarder.device().publishRetained(registration, "{\"@type\":\"child-device\"}");
        forwarder.device().publishRetained(firmware, "{\"status\":\"successful\",\"name\":\"os\",\"version\":\"1\"}");
        assertThat(registered.matches(20, TimeUnit.SECONDS)).isTrue();
        assertThat(updated.matches(20, TimeUnit.SECONDS)).isTrue();

        // sent by the same client after them: once it arrives, anything sent for reg-9 has arrived
        forwarder.device().publish("tedge/events/after_reg_9", "{}");
        await().atMost(Duration.ofSeconds(20)).until(() -> cloud.payloadsOn("c8y/s/us").stream()
                .anyMatch(payload -> payload.startsWith("400,after_reg_9,")));
        assertThat(cloud.received()).noneMatch(message -> message.payload().contains("reg-9")
                || message.payload().contains("deviceCreated") || message.payload().contains("deviceUpdatedViaFota"));
        forwarder.device().publishRetained(firmware, "");
        forwarder.device().publishRetained(registration, "");
    }

    @Test
    void should_post_a_large_event_to_the_tenant_with_the_source_id() {
        String text = "large-" + "x".repeat(20_000);
        forwarder.device().publish("tedge/events/big_event", "{\"text\":\"" + text + "\",\"time\":\"2024-01-02T03:04:05Z\"}");

        await().atMost(Duration.ofSeconds(20)).until(() -> requestsWith("large-").size() == 1);
        Request request = requestsWith("large-").get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/event/events/");
        assertThat(request.authorization()).isEqualTo("Bearer test-token");
        assertThat(request.contentType()).startsWith("application/json");
        assertThat(request.body()).isEqualTo("{\"type\":\"big_event\",\"time\":\"2024-01-02T03:04:05Z\",\"text\":\""
                + text + "\",\"source\":{\"id\":\"4711\"}}");
        assertThat(cloud.received()).noneMatch(message -> message.payload().contains("large-"));
    }

    @Test
    void should_post_a_large_child_event_with_the_childs_managed_object_id_from_the_identity_api() {
        String text = "big-child-" + "x".repeat(20_000);
        forwarder.device().publish("tedge/events/big_event/pump-big", "{\"text\":\"" + text + "\",\"time\":\"2024-01-02T03:04:05Z\"}");

        await().atMost(Duration.ofSeconds(20)).until(() -> requestsWith("big-child-").size() == 1);
        List<Request> lookups = requests.stream().filter(request -> request.path().startsWith("/identity/")).toList();
        assertThat(lookups).singleElement().satisfies(lookup -> {
            assertThat(lookup.method()).isEqualTo("GET");
            assertThat(lookup.path()).isEqualTo("/identity/externalIds/c8y_Serial/pump-big");
            assertThat(lookup.authorization()).isEqualTo("Bearer test-token");
        });
        assertThat(requestsWith("big-child-").get(0).body()).endsWith(
                ",\"externalSource\":{\"externalId\":\"pump-big\",\"type\":\"c8y_Serial\"},\"source\":{\"id\":\"8001\"}}");
    }

    @Test
    void should_keep_an_event_the_tenant_refused_as_a_dead_letter_and_send_it_first_once_the_tenant_is_back() {
        status.set(500);
        HttpReceiver hook = HttpReceiver.http();
        String hookId = forwarder.store().create(Handlers.handler(HandlerType.WEBHOOK, "/",
                new EventFilter.Lifecycle(List.of("big_event")), "{\"uri\":\"" + hook.url("/hook") + "\"}"), 10).id();
        String text = "retry-" + "y".repeat(20_000);
        NotifyBuilder completed = new NotifyBuilder(forwarder.context()).fromRoute("tedge-events").filter(ForwarderExtension::isMqttMessage).whenCompleted(1).create();
        forwarder.device().publish("tedge/events/big_event", "{\"text\":\"" + text + "\",\"time\":\"2024-01-02T03:04:05Z\"}");

        // isolated like a handler: the MQTT message is acknowledged, the event kept in its dead letters
        assertThat(completed.matches(20, TimeUnit.SECONDS)).as("the MQTT message completed").isTrue();
        DeadLetters letters = forwarder.deadLetters();
        await().atMost(Duration.ofSeconds(20)).until(() -> letters.waiting(C8yBuiltin.ID) == 1);
        assertThat(requestsWith("retry-")).hasSize(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> hook.requests().size() == 1);
        assertThat(hook.bodies().get(0)).as("a Cumulocity outage holds back no other handler").contains("retry-");
        hook.close();
        forwarder.store().delete(hookId);

        status.set(201);
        forwarder.device().publish("tedge/events/big_event", "{\"text\":\"after-" + "z".repeat(20_000) + "\",\"time\":\"2024-01-02T03:04:06Z\"}");

        await().atMost(Duration.ofSeconds(30)).until(() -> requestsWith("after-").size() == 1);
        List<Request> attempts = requestsWith("retry-");
        assertThat(attempts).extracting(Request::answeredWith).containsExactly(500, 201);
        assertThat(attempts.get(1).body()).isEqualTo(attempts.get(0).body());
        assertThat(requests.indexOf(attempts.get(1))).as("the kept event goes before the newer one")
                .isLessThan(requests.indexOf(requestsWith("after-").get(0)));
        await().atMost(Duration.ofSeconds(20)).until(() -> letters.size(C8yBuiltin.ID) == 0);
    }

    private static List<Request> requestsWith(String marker) {
        return requests.stream().filter(request -> request.body().contains("\"text\":\"" + marker)).toList();
    }
}
