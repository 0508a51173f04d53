package io.thinedge.eventhandlers.dispatch;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import io.thinedge.eventhandlers.support.ForwarderExtension;
import io.thinedge.eventhandlers.support.Handlers;

/** The handler REST API as an integrator's script uses it: real HTTP, a Bearer token. */
final class HandlerApi {

    static final String BASE = "/api/coiotedm/v3/deviceEvents/handler";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    // read at each request: the forwarder of the extension starts after this is made
    private final ForwarderExtension forwarder;

    /** The API of the forwarder the extension runs, with its token for domain /. */
    HandlerApi(ForwarderExtension forwarder) {
        this.forwarder = forwarder;
    }

    /** Creates a handler of {@code type} in {@code domain}; returns its id. */
    String create(String type, String domain, String body) {
        HttpResponse<String> response = send("POST", "/" + type + domain(domain), body);
        if (response.statusCode() != 201) {
            throw new AssertionError("create answered " + response.statusCode() + ": " + response.body());
        }
        return Handlers.json(response.body()).asText();
    }

    JsonNode get(String id, String domain) {
        return Handlers.json(send("GET", "/" + id + domain(domain), null).body());
    }

    JsonNode update(String type, String id, String domain, String body) {
        HttpResponse<String> response = send("PUT", "/" + type + "/" + id + domain(domain), body);
        if (response.statusCode() != 200) {
            throw new AssertionError("update answered " + response.statusCode() + ": " + response.body());
        }
        return Handlers.json(response.body());
    }

    void delete(String id, String domain) {
        HttpResponse<String> response = send("DELETE", "/" + id + domain(domain), null);
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError("delete answered " + response.statusCode() + ": " + response.body());
        }
    }

    JsonNode testExisting(String id, String domain) {
        return Handlers.json(send("POST", "/test/existing/" + id + domain(domain), "").body());
    }

    private static String domain(String domain) {
        return "?domain=" + URLEncoder.encode(domain, StandardCharsets.UTF_8);
    }

    /** Any request under the handler base, answered as it is (status and body). */
    HttpResponse<String> send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(forwarder.httpBase() + BASE + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + forwarder.token()).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + ": " + e.getMessage(), e);
        }
    }

    static String lifecycle(String... types) {
        return "{\"type\":\"lifecycle\",\"eventTypes\":" + Handlers.JSON.valueToTree(types) + "}";
    }

    static String telemetry(String... urls) {
        return "{\"type\":\"telemetry\",\"lwm2mUrls\":" + Handlers.JSON.valueToTree(urls) + "}";
    }

    static String handler(String name, boolean enabled, String filter, String connectionConfig) {
        return "{\"name\":\"" + name + "\",\"enabled\":" + enabled + ",\"description\":null,\"filter\":" + filter
                + ",\"connectionConfig\":" + connectionConfig + "}";
    }

    static String webhook(String uri) {
        return "{\"uri\":\"" + uri + "\",\"auth\":null,\"method\":\"post\",\"format\":\"generic\"}";
    }
}
