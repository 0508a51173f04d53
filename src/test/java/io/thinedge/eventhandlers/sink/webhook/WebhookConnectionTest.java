package io.thinedge.eventhandlers.sink.webhook;

import static io.thinedge.eventhandlers.support.Handlers.loginEvent;
import static io.thinedge.eventhandlers.support.Handlers.webhook;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.thinedge.eventhandlers.support.SinkHarness;

/**
 * What a webhook handler's HTTP client keeps between events: its kept-alive connection, and nothing
 * the receiver asked it to remember. A receiver of its own here, because it answers with a cookie
 * (the shared test receiver answers with a status only).
 */
class WebhookConnectionTest {

    /** What one request carried: its Cookie header and the client's port (one port, one connection). */
    record Seen(String cookie, int clientPort) {
    }

    static SinkHarness context;
    static HttpServer server;
    static final List<Seen> seen = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        context = SinkHarness.start(Optional.empty(), Duration.ofMillis(1500));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", WebhookConnectionTest::answerWithCookie);
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop(0);
        context.close();
    }

    @BeforeEach
    void forget() {
        seen.clear();
    }

    private static void answerWithCookie(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
        }
        seen.add(new Seen(exchange.getRequestHeaders().getFirst("Cookie"), exchange.getRemoteAddress().getPort()));
        exchange.getResponseHeaders().add("Set-Cookie", "session=receiver-state; Path=/");
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        byte[] body = "{\"accepted\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Test
    void should_send_every_event_of_a_handler_over_one_kept_alive_connection_without_the_receivers_cookies()
            throws Exception {
        String uri = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        try (SinkHarness.OpenSink sink = context.open(webhook("{\"uri\":\"" + uri + "\"}"))) {
            for (int i = 0; i < 3; i++) {
                sink.deliver(loginEvent());
            }
        }

        assertThat(seen).hasSize(3);
        // each event is a request of its own: a receiver's session cookie is not sent back with the next one
        assertThat(seen).extracting(Seen::cookie).containsOnlyNulls();
        // the answer (body and headers) is consumed, not kept, so the connection goes back to the pool
        assertThat(seen).extracting(Seen::clientPort).containsOnly(seen.get(0).clientPort());
    }

    @Test
    void should_send_batches_over_at_most_max_in_flight_kept_alive_connections() throws Exception {
        String uri = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        try (SinkHarness.OpenSink sink = context.open(webhook("{\"uri\":\"" + uri + "\",\"maxInFlight\":3}"))) {
            for (int round = 0; round < 2; round++) {
                List<io.thinedge.eventhandlers.event.Event> events = new java.util.ArrayList<>();
                for (String device : List.of("a", "b", "c", "d", "e", "f")) {
                    events.add(io.thinedge.eventhandlers.support.Handlers.deviceEvent("t", device, "2024-05-01T10:00:00Z", "{}", device));
                }
                sink.deliver(context.batch(events.toArray(io.thinedge.eventhandlers.event.Event[]::new)));
            }
        }

        assertThat(seen).hasSize(12);
        // the second batch found the first one's connections in the pool
        assertThat(seen.stream().map(Seen::clientPort).distinct().count()).isBetween(1L, 3L);
    }
}
