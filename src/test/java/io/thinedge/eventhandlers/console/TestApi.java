package io.thinedge.eventhandlers.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The handler API over HTTP, for what a console test sets up or checks behind the page's back. */
final class TestApi {

    private static final String BASE = "/api/coiotedm/v3/deviceEvents/handler";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    TestApi(String httpBase, String token) {
        this.base = httpBase + BASE;
        this.token = token;
    }

    JsonNode list(String domain) {
        return send(request("?domain=" + URLEncoder.encode(domain, StandardCharsets.UTF_8)).GET(), 200);
    }

    /** A webhook handler in / for door_open events; answers its id. */
    String createWebhook(String name, String uri) {
        ObjectNode body = JSON.createObjectNode().put("name", name).put("enabled", true);
        body.putObject("filter").put("type", "lifecycle").putArray("eventTypes").add("door_open");
        body.putObject("connectionConfig").put("uri", uri);
        return send(request("/webhook").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), 201).asText();
    }

    void delete(String id) {
        send(request("/" + id).DELETE(), 204);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
    }

    private JsonNode send(HttpRequest.Builder request, int expected) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new AssertionError("The API answered " + response.statusCode() + " instead of " + expected + ": " + response.body());
            }
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
