package io.thinedge.eventhandlers.dispatch;

import static io.thinedge.eventhandlers.support.HandlerBodies.handler;
import static io.thinedge.eventhandlers.support.HandlerBodies.lifecycle;
import static io.thinedge.eventhandlers.support.HandlerBodies.webhook;
import static io.thinedge.eventhandlers.support.Handlers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.Processor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.thinedge.eventhandlers.event.Event;
import io.thinedge.eventhandlers.support.ForwarderExtension;
import io.thinedge.eventhandlers.support.HandlerApiClient;
import io.thinedge.eventhandlers.support.HttpReceiver;

/**
 * Issue 29 item 6, the rest: an exchange that fails outside the handlers (here a YAML step in a
 * copy of {@code routes/dispatch.camel.yaml} that throws) is handed to its route again up to
 * {@code tedge.mqtt.failed-message-attempts} times, then reported on {@code tedge/errors}, counted
 * and acknowledged, and health is DOWN until the next message is acknowledged. The real
 * application, a real Mosquitto (Receive Maximum 5), a real webhook receiver.
 */
class FailedExchangeRetryTest {

    static final String TOKEN = "failed-exchange-token-0123456789abcdef012345";
    static final Duration WAIT = Duration.ofSeconds(30);
    static final int RECEIVE_MAXIMUM = 5;
    static final Pattern DROPPED = Pattern.compile(
            "(?m)^tedge_events_dropped_total\\{[^}]*reason=\"failed-exchange\"[^}]*\\}\\s+([0-9.eE+]+)");

    /** Devices whose fx_evt events always throw in dispatch. */
    static final Set<String> POISON = ConcurrentHashMap.newKeySet();
    /** Devices whose next fx_evt event throws once. */
    static final Set<String> FAIL_ONCE = ConcurrentHashMap.newKeySet();
    /** How often the step saw a poison event. */
    static final AtomicInteger POISON_ATTEMPTS = new AtomicInteger();

    static final Processor FAILING_STEP = exchange -> {
        Event event = exchange.getMessage().getBody(Event.class);
        if (event == null || !"fx_evt".equals(event.eventType())) {
            return;
        }
        if (POISON.contains(event.deviceId())) {
            POISON_ATTEMPTS.incrementAndGet();
            throw new IllegalStateException("poison event of " + event.deviceId() + " (test step)");
        }
        if (FAIL_ONCE.remove(event.deviceId())) {
            throw new IllegalStateException("first attempt for " + event.deviceId() + " (test step)");
        }
    };

    @RegisterExtension
    static final ForwarderExtension forwarder = ForwarderExtension.withDefaults()
            .property("handlers.retest-interval", "0")
            .property("tedge.mqtt.receive-maximum", String.valueOf(RECEIVE_MAXIMUM))
            .property("tedge.mqtt.failed-message-attempts", "3")
            .properties(properties -> properties.put("camel.main.routes-include-pattern",
                    "file:" + failingRoutes() + "/*.camel.yaml"))
            .beforeStart(context -> context.getRegistry().bind("failingStep", FAILING_STEP))
            .deviceSubscribedTo("tedge/errors")
            .token(TOKEN).deletingHandlersAfterEach();
    static final HandlerApiClient api = new HandlerApiClient(forwarder);

    static Path failingRoutes() {
        return EditedRoutesTest.routesWithStepBeforeRecipients("failingStep");
    }

    @AfterEach
    void clear() {
        POISON.clear();
        FAIL_ONCE.clear();
        POISON_ATTEMPTS.set(0);
        forwarder.device().clear();
    }

    @Test
    void should_report_and_acknowledge_a_poison_message_after_its_attempts_while_the_others_flow() throws Exception {
        try (HttpReceiver receiver = HttpReceiver.http()) {
            api.create("webhook", "/", handler("fx hook", true, lifecycle("fx_evt"), webhook(receiver.url("/fx"))));
            POISON.add("fx-poison");
            double droppedBefore = dropped();

            forwarder.device().publish("tedge/events/fx_evt/fx-poison", "{\"text\":\"poison\"}");
            int others = 4 * RECEIVE_MAXIMUM;
            for (int i = 0; i < others; i++) {
                forwarder.device().publish("tedge/events/fx_evt/fx-good", "{\"text\":\"good " + i + "\"}");
            }

            await().atMost(WAIT).until(() -> receiver.requests().size() == others);
            await().atMost(WAIT).until(() -> forwarder.device().payloadsOn("tedge/errors").size() == 1);
            assertThat(POISON_ATTEMPTS).as("attempts of the poison message").hasValue(3);
            assertThat(forwarder.device().payloadsOn("tedge/errors").get(0))
                    .contains("tedge/events/fx_evt/fx-poison").contains("3 time(s)")
                    .contains("poison event of fx-poison (test step)").doesNotContain("\"text\"");
            assertThat(dropped()).as("tedge_events_dropped_total{reason=failed-exchange}").isEqualTo(droppedBefore + 1);

            // acknowledged: a reconnection does not bring it back ahead of the next event
            forwarder.restart();
            forwarder.device().publish("tedge/events/fx_evt/fx-good", "{\"text\":\"after restart\"}");
            await().atMost(WAIT).until(() -> receiver.requests().size() == others + 1);
            assertThat(POISON_ATTEMPTS).as("attempts after a restart").hasValue(3);
            assertThat(forwarder.device().payloadsOn("tedge/errors")).hasSize(1);
        }
    }

    @Test
    void should_deliver_an_event_whose_first_attempt_failed_on_its_retry() {
        try (HttpReceiver receiver = HttpReceiver.http()) {
            api.create("webhook", "/", handler("fx retry", true, lifecycle("fx_evt"), webhook(receiver.url("/r"))));
            FAIL_ONCE.add("fx-flaky");

            forwarder.device().publish("tedge/events/fx_evt/fx-flaky", "{\"text\":\"flaky\"}");

            await().atMost(WAIT).until(() -> receiver.requests().size() == 1);
            assertThat(FAIL_ONCE).as("the step threw once").isEmpty();
            List<String> devices = receiver.bodies().stream().map(body -> json(body).path("endpointName").asText()).toList();
            assertThat(devices).containsExactly("fx-flaky");
            assertThat(forwarder.device().payloadsOn("tedge/errors")).isEmpty();
        }
    }

    @Test
    void should_be_down_from_a_message_given_up_until_the_next_is_acknowledged() throws Exception {
        try (HttpReceiver receiver = HttpReceiver.http()) {
            api.create("webhook", "/", handler("fx health", true, lifecycle("fx_evt"), webhook(receiver.url("/h"))));
            await().atMost(WAIT).until(() -> get("/observe/health").statusCode() == 200);
            POISON.add("fx-sick");

            forwarder.device().publish("tedge/events/fx_evt/fx-sick", "{\"text\":\"poison\"}");
            await().atMost(WAIT).until(() -> get("/observe/health").statusCode() == 503);
            assertThat(get("/observe/health").body()).contains("failed-exchanges");

            forwarder.device().publish("tedge/events/fx_evt/fx-well", "{\"text\":\"well\"}");
            await().atMost(WAIT).until(() -> get("/observe/health").statusCode() == 200);
            assertThat(receiver.requests()).hasSize(1);
        }
    }

    private static double dropped() throws Exception {
        Matcher value = DROPPED.matcher(get("/observe/metrics").body());
        return value.find() ? Double.parseDouble(value.group(1)) : 0;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(forwarder.httpBase() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

}
