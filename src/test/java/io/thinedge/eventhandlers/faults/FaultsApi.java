package io.thinedge.eventhandlers.faults;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;

import io.thinedge.eventhandlers.support.ForwarderExtension;
import io.thinedge.eventhandlers.support.Handlers;

/**
 * The handler REST API over real HTTP with a Bearer token, for the fault tests; keeps every
 * response body it received so a test can look through all of them.
 */
final class FaultsApi {

    static final String BASE = "/api/coiotedm/v3/deviceEvents/handler";

    /** One answer of the API. */
    record Response(int status, String body) {
        JsonNode json() {
            return Handlers.json(body);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    // read at each request: the forwarder of the extension starts after this is made
    private final ForwarderExtension forwarder;
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    /** The API of the forwarder the extension runs, with its token for domain /. */
    FaultsApi(ForwarderExtension forwarder) {
        this.forwarder = forwarder;
    }

    /** Creates a handler of {@code type} ({@code webhook}, {@code kafka}, {@code smartrest}) in domain /; returns its id. */
    String create(String type, String body) {
        Response response = send("POST", "/" + type, body);
        if (response.status() != 201) {
            throw new AssertionError("create answered " + response.status() + ": " + response.body());
        }
        return response.json().asText();
    }

    JsonNode get(String id) {
        return send("GET", "/" + id, null).json();
    }

    /** Tests a stored handler; a success enables it again. */
    JsonNode testExisting(String id) {
        return send("POST", "/test/existing/" + id, "").json();
    }

    Response send(String method, String path, String body) {
        String separator = path.contains("?") ? "&" : "?";
        URI uri = URI.create(forwarder.httpBase() + BASE + path + separator + "domain=" + URLEncoder.encode("/", StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + forwarder.token()).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            bodies.add(response.body());
            return new Response(response.statusCode(), response.body());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + ": " + e.getMessage(), e);
        }
    }

    /** Every response body received so far. */
    List<String> bodies() {
        return List.copyOf(bodies);
    }

    static String handler(String name, String eventType, String connectionConfig) {
        return "{\"name\":\"" + name + "\",\"enabled\":true,\"description\":null,\"filter\":{\"type\":\"lifecycle\","
                + "\"eventTypes\":[\"" + eventType + "\"]},\"connectionConfig\":" + connectionConfig + "}";
    }

    static String webhook(String uri) {
        return "{\"uri\":\"" + uri + "\",\"auth\":null,\"method\":\"post\",\"format\":\"generic\"}";
    }
}
