package io.thinedge.eventhandlers.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.thinedge.eventhandlers.support.ForwarderExtension;

/** Calls the handler API over real HTTP with one bearer token. */
final class ApiClient {

    static final String BASE = "/api/coiotedm/v3/deviceEvents/handler";
    static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: status and body text. */
    record Answer(int status, String body, HttpResponse<String> response) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("Not JSON: " + body, e);
            }
        }

        String error() {
            return json().path("error").asText();
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    // read at each request: the forwarder of a ForwarderExtension starts after this is made
    private final Supplier<String> base;
    private final Supplier<String> token;

    ApiClient(String httpBase, String token) {
        this(() -> httpBase, () -> token);
    }

    /** The API of the forwarder the extension runs, with its token for domain /. */
    ApiClient(ForwarderExtension forwarder) {
        this(forwarder::httpBase, forwarder::token);
    }

    private ApiClient(Supplier<String> base, Supplier<String> token) {
        this.base = base;
        this.token = token;
    }

    ApiClient withToken(String otherToken) {
        return new ApiClient(base, () -> otherToken);
    }

    static String inDomain(String path, String domain) {
        return path + (path.contains("?") ? "&" : "?") + "domain=" + URLEncoder.encode(domain, StandardCharsets.UTF_8);
    }

    Answer get(String path) {
        return send(request(path).GET());
    }

    Answer delete(String path) {
        return send(request(path).DELETE());
    }

    Answer post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Answer put(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    Answer send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A request to {@code BASE + path} (or to a whole URL) carrying the token (when there is one). */
    HttpRequest.Builder request(String path) {
        String url = path.startsWith("http") ? path : base.get() + (path.startsWith("/api") ? "" : BASE) + path;
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30));
        String bearer = token.get();
        return bearer == null ? builder : builder.header("Authorization", "Bearer " + bearer);
    }

    /** Creates a handler and answers its id, failing unless the API answered 201. */
    String create(String type, String domain, String body) {
        Answer answer = post(inDomain("/" + type, domain), body);
        if (answer.status() != 201) {
            throw new AssertionError("create answered " + answer.status() + ": " + answer.body());
        }
        return answer.json().asText();
    }
}
