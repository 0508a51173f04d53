package io.thinedge.eventhandlers.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Creates and deletes handlers through the forwarder's REST API, as an operator would. */
final class BenchApi {

    private static final String BASE = "/api/coiotedm/v3/deviceEvents/handler";
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String token;

    BenchApi(String httpBase, Path tokensFile) throws Exception {
        this.base = httpBase + BASE;
        this.token = Files.readAllLines(tokensFile).stream().filter(line -> line.startsWith("/ ")).findFirst()
                .orElseThrow().substring(2).trim();
    }

    private static final String FILTER = filter(List.of("bench_event"));

    String kafka(String name, String bootstrap, String topic) throws Exception {
        return kafka(name, bootstrap, topic, null, List.of("bench_event"));
    }

    /** A Kafka handler in {@code domain} (null: the token's) for these event types. */
    String kafka(String name, String bootstrap, String topic, String domain, List<String> eventTypes) throws Exception {
        String inDomain = domain == null ? "" : "\"domain\":\"" + domain + "\",";
        return create("kafka", "{\"name\":\"" + name + "\",\"enabled\":true," + inDomain + filter(eventTypes)
                + ",\"connectionConfig\":"
                + "{\"type\":\"custom\",\"value\":\"bootstrap.servers=" + bootstrap + "\\nlinger.ms=" + Bench.LINGER_MS + "\\nbatch.size=65536\","
                + "\"topic\":\"" + topic + "\"}}");
    }

    String webhook(String name, String uri) throws Exception {
        return webhook(name, uri, List.of("bench_event"));
    }

    /** A webhook handler for these event types, with the default maxInFlight. */
    String webhook(String name, String uri, List<String> eventTypes) throws Exception {
        return create("webhook", "{\"name\":\"" + name + "\",\"enabled\":true," + filter(eventTypes)
                + ",\"connectionConfig\":{\"uri\":\"" + uri + "\",\"method\":\"post\",\"format\":\"generic\"}}");
    }

    String smartrest(String name, String prefix) throws Exception {
        return create("smartrest", "{\"name\":\"" + name + "\",\"enabled\":true," + FILTER
                + ",\"connectionConfig\":{\"topicPrefix\":\"" + prefix + "\"}}");
    }

    private static String filter(List<String> eventTypes) {
        return "\"filter\":{\"type\":\"lifecycle\",\"eventTypes\":["
                + eventTypes.stream().map(type -> "\"" + type + "\"").collect(Collectors.joining(",")) + "]}";
    }

    void delete(String id) throws Exception {
        delete(id, null);
    }

    /** Deletes a handler of {@code domain} (null: the token's). */
    void delete(String id, String domain) throws Exception {
        String query = domain == null ? "" : "?domain=" + URLEncoder.encode(domain, StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/" + id + query))
                .header("Authorization", "Bearer " + token).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("Handler " + id + " not deleted: " + response.statusCode() + " " + response.body());
        }
    }

    private String create(String type, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/" + type))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("Handler not created: " + response.statusCode() + " " + response.body());
        }
        return response.body().replace("\"", "");
    }
}
