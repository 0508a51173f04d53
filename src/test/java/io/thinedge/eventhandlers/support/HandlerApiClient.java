package io.thinedge.eventhandlers.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The handler REST API as an integrator's script uses it: real HTTP, one Bearer token. Keeps every
 * response body it received so a test can look through all of them (no secret in any answer).
 */
public final class HandlerApiClient {

    public static final String BASE = "/api/coiotedm/v3/deviceEvents/handler";
    public static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: status and body text. */
    public record Answer(int status, String body, HttpResponse<String> response) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("Not JSON: " + body, e);
            }
        }

        public String error() {
            return json().path("error").asText();
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    // read at each request: the forwarder of a ForwarderExtension starts after this is made
    private final Supplier<String> base;
    private final Supplier<String> token;
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    public HandlerApiClient(String httpBase, String token) {
        this(() -> httpBase, () -> token);
    }

    /** The API of the forwarder the extension runs, with its token for domain /. */
    public HandlerApiClient(ForwarderExtension forwarder) {
        this(forwarder::httpBase, forwarder::token);
    }

    private HandlerApiClient(Supplier<String> base, Supplier<String> token) {
        this.base = base;
        this.token = token;
    }

    public HandlerApiClient withToken(String otherToken) {
        return new HandlerApiClient(base, () -> otherToken);
    }

    public static String inDomain(String path, String domain) {
        return path + (path.contains("?") ? "&" : "?") + "domain=" + URLEncoder.encode(domain, StandardCharsets.UTF_8);
    }

    public Answer get(String path) {
        return send(request(path).GET());
    }

    public Answer delete(String path) {
        return send(request(path).DELETE());
    }

    public Answer post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Answer put(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Any request under the handler base, JSON (or none) as the body, answered as it is. */
    public Answer send(String method, String path, String body) {
        return send(request(path).timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    public Answer send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            bodies.add(response.body());
            return new Answer(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A request to {@code BASE + path} (or to a whole URL) carrying the token (when there is one). */
    public HttpRequest.Builder request(String path) {
        String url = path.startsWith("http") ? path : base.get() + (path.startsWith("/api") ? "" : BASE) + path;
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30));
        String bearer = token.get();
        return bearer == null ? builder : builder.header("Authorization", "Bearer " + bearer);
    }

    /** Every response body received so far. */
    public List<String> bodies() {
        return List.copyOf(bodies);
    }

    /** Creates a handler of {@code type} in {@code domain} and answers its id, failing unless the API answered 201. */
    public String create(String type, String domain, String body) {
        Answer answer = post(inDomain("/" + type, domain), body);
        if (answer.status() != 201) {
            throw new AssertionError("create answered " + answer.status() + ": " + answer.body());
        }
        return answer.json().asText();
    }

    /** Creates a handler of {@code type} ({@code webhook}, {@code kafka}, {@code smartrest}) in domain /; answers its id. */
    public String create(String type, String body) {
        return create(type, "/", body);
    }

    /** A webhook handler in / for door_open events; answers its id. */
    public String createWebhook(String name, String uri) {
        return create("webhook", HandlerBodies.handler(name, true, HandlerBodies.lifecycle("door_open"),
                "{\"uri\":\"" + uri + "\"}"));
    }

    /** The handlers of {@code domain}, failing unless the API answered 200. */
    public JsonNode list(String domain) {
        return expect(200, get(inDomain("", domain))).json();
    }

    public JsonNode get(String id, String domain) {
        return get(inDomain("/" + id, domain)).json();
    }

    public JsonNode update(String type, String id, String domain, String body) {
        return expect(200, put(inDomain("/" + type + "/" + id, domain), body)).json();
    }

    public void delete(String id, String domain) {
        Answer answer = delete(inDomain("/" + id, domain));
        if (answer.status() / 100 != 2) {
            throw new AssertionError("delete answered " + answer.status() + ": " + answer.body());
        }
    }

    /** Tests a stored handler; a success enables it again. */
    public JsonNode testExisting(String id, String domain) {
        return post(inDomain("/test/existing/" + id, domain), "").json();
    }

    /** Tests a stored handler in domain /. */
    public JsonNode testExisting(String id) {
        return testExisting(id, "/");
    }

    private static Answer expect(int status, Answer answer) {
        if (answer.status() != status) {
            throw new AssertionError("The API answered " + answer.status() + " instead of " + status + ": " + answer.body());
        }
        return answer;
    }
}
