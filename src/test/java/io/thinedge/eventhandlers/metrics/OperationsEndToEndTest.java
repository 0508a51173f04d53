package io.thinedge.eventhandlers.metrics;

import static io.thinedge.eventhandlers.support.Handlers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.thinedge.eventhandlers.dispatch.HandlerBreakers;
import io.thinedge.eventhandlers.handler.HandlerStatus;
import io.thinedge.eventhandlers.store.DeadLetters;
import io.thinedge.eventhandlers.support.ForwarderExtension;
import io.thinedge.eventhandlers.support.Handlers;
import io.thinedge.eventhandlers.support.HttpReceiver;

/**
 * Operations of the real application: Prometheus metrics, the health summary of the handlers and
 * the log line per handler state change, after events through a real Mosquitto to real webhook
 * receivers, handlers created over the REST API.
 */
class OperationsEndToEndTest {

    static final String TOKEN = "ops-token-0123456789abcdef0123456789abcdef";
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String API = "/api/coiotedm/v3/deviceEvents/handler";

    @RegisterExtension
    static final ForwarderExtension forwarder = ForwarderExtension.withDefaults()
            .property("webhook.timeout", "4s")
            .property("handlers.retest-interval", "0")
            .token(TOKEN).deletingHandlersAfterEach();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void awaitHealth() {
        await().atMost(WAIT).until(() -> get("/observe/health").statusCode() == 200);
    }

    @Test
    void should_publish_per_handler_counters_latency_breaker_state_dead_letters_and_mqtt_in_flight() {
        try (HttpReceiver healthy = HttpReceiver.http(); HttpReceiver broken = HttpReceiver.http()) {
            broken.stop();
            String ok = create("healthy", true, "ops_ok", healthy.url("/ok"));
            String bad = create("broken", true, "ops_bad", broken.url("/bad"));
            double eventsBefore = scrape().sum("tedge_events_in_total", Map.of());

            // one at a time: events that queue up go out in one send (a batch), whose failure counts each of them
            for (int i = 1; i <= 3; i++) {
                forwarder.device().publish("tedge/events/ops_ok", "{\"text\":\"" + i + "\"}");
                int sent = i;
                await().atMost(WAIT).until(() -> healthy.requests().size() == sent);
            }
            for (int i = 1; i <= 5; i++) {
                forwarder.device().publish("tedge/events/ops_bad", "{}");
                int failures = i;
                await().atMost(WAIT).until(() -> forwarder.store().find(bad).orElseThrow().state().consecutiveFailures() == failures);
            }
            await().atMost(WAIT).until(() -> healthy.requests().size() == 3
                    && forwarder.store().find(bad).orElseThrow().state().status() == HandlerStatus.FAILED);

            Map<String, String> okTags = Map.of("handler", ok, "type", "webhook");
            Map<String, String> badTags = Map.of("handler", bad, "type", "webhook");
            await().atMost(WAIT).untilAsserted(() -> {
                Scrape metrics = scrape();
                assertThat(metrics.sum("tedge_events_in_total", Map.of())).isEqualTo(eventsBefore + 8);
                assertThat(metrics.value("tedge_handler_delivered_total", okTags)).isEqualTo(3.0);
                assertThat(metrics.value("tedge_handler_failed_total", badTags)).isEqualTo(5.0);
                assertThat(metrics.value("tedge_handler_delivered_total", badTags)).isZero();
                assertThat(metrics.value("tedge_handler_delivery_seconds_count", with(okTags, "outcome", "delivered")))
                        .isEqualTo(3.0);
                assertThat(metrics.value("tedge_handler_delivery_seconds_sum", with(okTags, "outcome", "delivered")))
                        .isPositive();
                assertThat(metrics.value("tedge_handler_delivery_seconds_count", with(badTags, "outcome", "failed")))
                        .isEqualTo(5.0);
                assertThat(metrics.value("tedge_handler_breaker_state", okTags)).isEqualTo(0.0);
                assertThat(metrics.value("tedge_handler_breaker_state", badTags)).isEqualTo(1.0);
                assertThat(metrics.value("tedge_handler_deadletters", okTags)).isEqualTo(0.0);
                assertThat(metrics.value("tedge_mqtt_inflight", Map.of("client",
                        forwarder.properties().get("tedge.mqtt.client-id") + "-events"))).isEqualTo(0.0);
            });

            // the gauge reads the dead-letter store (cached for a few seconds, not queried per scrape)
            DeadLetters letters = forwarder.deadLetters();
            letters.add(bad, "{\"eventType\":\"ops_bad\"}");
            letters.add(bad, "{\"eventType\":\"ops_bad\"}");
            long stored = letters.size(bad);
            await().atMost(WAIT).until(() -> scrape().value("tedge_handler_deadletters", badTags) == stored);

            // a deleted handler's series go with it
            delete(bad);
            await().atMost(WAIT).until(() -> scrape().find("tedge_handler_breaker_state", badTags) == null);
            Scrape after = scrape();
            assertThat(after.find("tedge_handler_failed_total", badTags)).isNull();
            assertThat(after.find("tedge_handler_deadletters", badTags)).isNull();
            assertThat(after.value("tedge_handler_delivered_total", okTags)).isEqualTo(3.0);
        }
    }

    @Test
    void should_show_a_handler_failed_before_a_restart_with_an_open_breaker_and_breaker_state_1() {
        try (HttpReceiver broken = HttpReceiver.http().answer(500)) {
            String bad = create("failed before the restart", true, "ops_restart", broken.url("/bad"));
            for (int i = 0; i < 5; i++) {
                forwarder.device().publish("tedge/events/ops_restart", "{}");
            }
            await().atMost(WAIT).until(() -> forwarder.store().find(bad).orElseThrow().state().status() == HandlerStatus.FAILED);

            forwarder.restart(); // the same store

            Map<String, String> badTags = Map.of("handler", bad, "type", "webhook");
            await().atMost(WAIT).until(() -> get("/observe/health").statusCode() == 200);
            assertThat(forwarder.status(bad)).isEqualTo(HandlerStatus.FAILED);
            assertThat(forwarder.context().getRegistry().lookupByNameAndType("handlerBreakers", HandlerBreakers.class)
                    .isOpen(bad)).as("the breaker of a handler the store holds as failed").isTrue();
            await().atMost(WAIT).until(() -> scrape().find("tedge_handler_breaker_state", badTags) != null);
            assertThat(scrape().value("tedge_handler_breaker_state", badTags)).isEqualTo(1.0);
        }
    }

    @Test
    void should_keep_camels_route_gauges_without_building_an_event_per_exchange() {
        assertThat(scrape().sum("camel_routes_running_routes", Map.of())).isPositive();
        // a notifier interested in exchange events makes Camel build an event object for every send
        assertThat(forwarder.context().getManagementStrategy().getEventNotifiers())
                .allSatisfy(notifier -> assertThat(notifier.isIgnoreExchangeEvents())
                        .as(notifier.getClass().getName()).isTrue());
    }

    @Test
    void should_leave_handler_routes_out_of_camels_route_checks() {
        try (HttpReceiver receiver = HttpReceiver.http()) {
            create("checked", true, "ops_checks", receiver.url("/checked"));
            forwarder.device().publish("tedge/events/ops_checks", "{}"); // a handler's route is built at its first event
            await().atMost(WAIT).until(() -> receiver.requests().size() == 1);
            HttpResponse<String> response = get("/observe/health?data=true");
            assertThat(response.statusCode()).isEqualTo(200);
            List<String> names = new ArrayList<>();
            json(response.body()).path("checks").forEach(check -> names.add(check.path("name").asText()));
            // a handler route removed while Camel checked it failed the whole answer with a 500
            assertThat(names).as("checks").contains("route:te-events").noneMatch(name -> name.contains("handler-"));
        }
    }

    @Test
    void should_summarise_the_handlers_in_health_and_stay_up_while_one_failed() {
        try (HttpReceiver receiver = HttpReceiver.http(); HttpReceiver broken = HttpReceiver.http()) {
            broken.stop();
            create("up", true, "ops_health", receiver.url("/up"));
            create("off", false, "ops_health", receiver.url("/off"));
            String failing = create("down", true, "ops_health_bad", broken.url("/down"));
            for (int i = 0; i < 5; i++) {
                forwarder.device().publish("tedge/events/ops_health_bad", "{}");
            }
            await().atMost(WAIT).until(() -> forwarder.store().find(failing).orElseThrow().state().status() == HandlerStatus.FAILED);

            HttpResponse<String> response = get("/observe/health?data=true");
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode health = json(response.body());
            assertThat(health.path("status").asText()).isEqualTo("UP");
            JsonNode handlers = check(health, "handlers");
            assertThat(handlers.path("status").asText()).isEqualTo("UP");
            assertThat(handlers.path("message").asText()).isEqualTo("1 active, 1 disabled, 1 failed: " + failing);
            assertThat(handlers.path("data").path("active").asText()).isEqualTo("1");
            assertThat(handlers.path("data").path("disabled").asText()).isEqualTo("1");
            assertThat(handlers.path("data").path("failed").asText()).isEqualTo("1");
            assertThat(handlers.path("data").path("failed.ids").asText()).isEqualTo(failing);
            // the gateway's own checks are shown too, UP
            assertThat(check(health, "mqtt").path("status").asText()).isEqualTo("UP");
            assertThat(check(health, "store").path("status").asText()).isEqualTo("UP");
        }
    }

    @Test
    void should_log_one_info_line_per_handler_state_change_without_its_connection_config() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        try (HttpReceiver broken = HttpReceiver.http()) {
            broken.stop();
            String hook = "{\"uri\":\"" + broken.url("/secret-path") + "\",\"auth\":{\"type\":\"token\",\"token\":\"t0p-s3cret\"},"
                    + "\"method\":\"post\",\"format\":\"generic\"}";
            String id = send("POST", "/webhook", handlerBody("logged", true, "ops_log", hook), 201).asText();
            send("PUT", "/webhook/" + id, handlerBody("logged renamed", true, "ops_log", hook), 200);
            for (int i = 0; i < 5; i++) {
                forwarder.device().publish("tedge/events/ops_log", "{\"text\":\"payload-text\"}");
            }
            await().atMost(WAIT).until(() -> forwarder.store().find(id).orElseThrow().state().status() == HandlerStatus.FAILED);
            delete(id);

            List<String> changes = await().atMost(WAIT).until(() -> stateChanges(logs, id), lines -> lines.size() == 4);
            assertThat(changes).containsExactly(
                    "Event handler created: id=" + id + " name=\"logged\" type=webhook domain=/ status=active",
                    "Event handler changed: id=" + id + " name=\"logged renamed\" type=webhook domain=/ status=active",
                    "Event handler failed after 5 consecutive failures: id=" + id
                            + " name=\"logged renamed\" type=webhook domain=/ status=failed",
                    "Event handler deleted: id=" + id + " name=\"logged renamed\" type=webhook domain=/ status=deleted");
            assertThat(logs.list).filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.INFO))
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .noneMatch(line -> line.contains("t0p-s3cret") || line.contains("payload-text"));
        } finally {
            root.detachAppender(logs);
        }
    }

    private static List<String> stateChanges(ListAppender<ILoggingEvent> logs, String id) {
        return List.copyOf(logs.list).stream()
                .filter(event -> event.getLevel() == Level.INFO && event.getLoggerName().endsWith("HandlerChanges"))
                .map(ILoggingEvent::getFormattedMessage).filter(line -> line.contains(id)).toList();
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode check : health.path("checks")) {
            if (check.path("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("No check " + name + " in " + health);
    }

    private static Map<String, String> with(Map<String, String> tags, String key, String value) {
        Map<String, String> all = new HashMap<>(tags);
        all.put(key, value);
        return all;
    }

    private static String create(String name, boolean enabled, String eventType, String url) {
        String hook = "{\"uri\":\"" + url + "\",\"auth\":null,\"method\":\"post\",\"format\":\"generic\"}";
        return send("POST", "/webhook", handlerBody(name, enabled, eventType, hook), 201).asText();
    }

    private static void delete(String id) {
        send("DELETE", "/" + id, null, 204);
    }

    private static String handlerBody(String name, boolean enabled, String eventType, String connectionConfig) {
        return "{\"name\":\"" + name + "\",\"enabled\":" + enabled + ",\"description\":null,"
                + "\"filter\":{\"type\":\"lifecycle\",\"eventTypes\":[\"" + eventType + "\"]},"
                + "\"connectionConfig\":" + connectionConfig + "}";
    }

    private static JsonNode send(String method, String path, String body, int expectedStatus) {
        String uri = forwarder.httpBase() + API + path + "?domain=" + URLEncoder.encode("/", StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expectedStatus);
            return response.body().isEmpty() ? null : Handlers.json(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + ": " + e.getMessage(), e);
        }
    }

    static HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(forwarder.httpBase() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(path + ": " + e.getMessage(), e);
        }
    }

    static Scrape scrape() {
        HttpResponse<String> response = get("/observe/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return Scrape.parse(response.body());
    }

    /** The series of one Prometheus text exposition. */
    record Scrape(List<Series> series) {

        record Series(String name, Map<String, String> labels, double value) {
        }

        private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)$");
        private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

        static Scrape parse(String text) {
            return new Scrape(text.lines().filter(line -> !line.startsWith("#") && !line.isBlank()).map(line -> {
                Matcher matcher = LINE.matcher(line);
                if (!matcher.matches()) {
                    throw new AssertionError("Not a Prometheus sample: " + line);
                }
                Map<String, String> labels = new HashMap<>();
                if (matcher.group(2) != null) {
                    Matcher label = LABEL.matcher(matcher.group(2));
                    while (label.find()) {
                        labels.put(label.group(1), label.group(2));
                    }
                }
                return new Series(matcher.group(1), labels, Double.parseDouble(matcher.group(3)));
            }).toList());
        }

        /** The one series of that name having these labels (among others), or null. */
        Series find(String name, Map<String, String> labels) {
            List<Series> found = matching(name, labels);
            assertThat(found).as(name + labels).hasSizeLessThanOrEqualTo(1);
            return found.isEmpty() ? null : found.get(0);
        }

        double value(String name, Map<String, String> labels) {
            return Objects.requireNonNull(find(name, labels), () -> "No series " + name + labels).value();
        }

        double sum(String name, Map<String, String> labels) {
            return matching(name, labels).stream().mapToDouble(Series::value).sum();
        }

        private List<Series> matching(String name, Map<String, String> labels) {
            return series.stream().filter(series -> series.name().equals(name)
                    && series.labels().entrySet().containsAll(labels.entrySet())).toList();
        }
    }
}
