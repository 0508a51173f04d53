package io.thinedge.eventhandlers.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.thinedge.eventhandlers.support.ForwarderProcess;
import io.thinedge.eventhandlers.support.MosquittoBroker;
import io.thinedge.eventhandlers.support.RunningForwarder;

/**
 * The real jar is killed with SIGKILL while handlers are created and updated in a loop; after a
 * restart the store loads and every call that was answered 2xx is there.
 */
class StoreCrashSafetyIT {

    private static final String BASE = "/api/coiotedm/v3/deviceEvents/handler";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    /** id → the highest revision whose update was answered 2xx. */
    private final Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
    private final Map<String, String> domainOf = new ConcurrentHashMap<>();

    @Test
    void should_keep_every_acknowledged_change_across_a_kill() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start();
                ForwarderProcess forwarder = ForwarderProcess.start(RunningForwarder.defaults(broker))) {
            String token = rootToken(forwarder);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger operations = new AtomicInteger();
            Thread writer = new Thread(() -> {
                int revision = 0;
                while (running.get()) {
                    revision++;
                    try {
                        writeOnce(forwarder, token, revision);
                        operations.incrementAndGet();
                    } catch (Exception connectionGone) {
                        // the process is dead: calls fail until the test stops the loop
                    }
                }
            });
            writer.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> operations.get() >= 60);
            forwarder.kill();
            running.set(false);
            writer.join();

            forwarder.restart();
            assertThat(acknowledged).isNotEmpty();
            for (Map.Entry<String, Integer> entry : acknowledged.entrySet()) {
                HttpResponse<String> stored = send(forwarder, token, "GET",
                        BASE + "/" + entry.getKey() + "?domain=" + domainOf.get(entry.getKey()), null);
                assertThat(stored.statusCode()).as("handler %s after the kill", entry.getKey()).isEqualTo(200);
                int revision = Integer.parseInt(JSON.readTree(stored.body()).path("description").asText());
                assertThat(revision).as("revision of %s", entry.getKey()).isGreaterThanOrEqualTo(entry.getValue());
            }
        }
    }

    /** Creates a handler in one of 20 domains until each is full, otherwise updates one. */
    private void writeOnce(ForwarderProcess forwarder, String token, int revision) throws Exception {
        String domain = "/crash/d" + (revision % 20) + "/";
        if (acknowledged.size() < 100 && revision % 2 == 0) {
            HttpResponse<String> created = send(forwarder, token, "POST", BASE + "/webhook?domain=" + domain,
                    body(revision));
            if (created.statusCode() / 100 == 2) {
                String id = JSON.readTree(created.body()).asText();
                domainOf.put(id, domain);
                acknowledged.put(id, revision);
            }
            return;
        }
        String id = acknowledged.keySet().stream().skip(revision % Math.max(1, acknowledged.size())).findFirst().orElse(null);
        if (id == null) {
            return;
        }
        HttpResponse<String> updated = send(forwarder, token, "PUT", BASE + "/webhook/" + id + "?domain=" + domainOf.get(id),
                "{\"description\":\"" + revision + "\"}");
        if (updated.statusCode() / 100 == 2) {
            acknowledged.merge(id, revision, Math::max);
        }
    }

    private static String body(int revision) {
        return "{\"name\":\"crash-" + revision + "\",\"enabled\":true,\"description\":\"" + revision + "\","
                + "\"filter\":{\"type\":\"lifecycle\",\"eventTypes\":[\"*\"]},"
                + "\"connectionConfig\":{\"uri\":\"http://127.0.0.1:9/hook\",\"auth\":{\"type\":\"token\",\"token\":\"t\"}}}";
    }

    private HttpResponse<String> send(ForwarderProcess forwarder, String token, String method, String path, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(forwarder.httpBase() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String rootToken(ForwarderProcess forwarder) throws Exception {
        Path tokens = Path.of(forwarder.properties().get("api.tokens-file"));
        return Files.readAllLines(tokens).stream().filter(line -> line.startsWith("/ ")).findFirst().orElseThrow()
                .substring(2).trim();
    }
}
