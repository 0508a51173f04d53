package io.thinedge.eventhandlers.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.thinedge.eventhandlers.support.ForwarderExtension;

/** Hostile API calls get a clean 4xx with no stack trace, and nothing is stored. */
class ApiAbuseTest {

    private static final String BASE = "/api/coiotedm/v3/deviceEvents/handler";

    @RegisterExtension
    static final ForwarderExtension forwarder = ForwarderExtension.withDefaults();
    static final HttpClient http = HttpClient.newHttpClient();

    static Stream<Arguments> abuses() {
        String big = "{\"name\":\"" + "x".repeat(1_100_000) + "\"}";
        String deep = "{\"name\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        return Stream.of(
                Arguments.of("a body over 1 MiB", "POST", BASE + "/webhook", "application/json", big, 413),
                Arguments.of("deeply nested JSON", "POST", BASE + "/webhook", "application/json", deep, 400),
                Arguments.of("a wrong content type", "POST", BASE + "/webhook", "text/plain", "hello", 415),
                Arguments.of("an unknown handler type", "POST", BASE + "/mqtt", "application/json", "{}", 405),
                Arguments.of("path traversal in an id", "GET", BASE + "/..%2F..%2Fetc%2Fpasswd", null, null, 404),
                Arguments.of("path traversal in a domain", "GET", BASE + "?domain=/../etc/", null, null, 400),
                Arguments.of("truncated JSON", "POST", BASE + "/webhook", "application/json", "{\"name\":", 400),
                Arguments.of("a JSON array", "POST", BASE + "/kafka", "application/json", "[1,2]", 400));
    }

    @ParameterizedTest(name = "{0} gets {5}")
    @MethodSource("abuses")
    void should_answer_abuse_with_a_clean_4xx(String what, String method, String path, String contentType, String body,
            int status) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(forwarder.httpBase() + path))
                .header("Authorization", "Bearer " + forwarder.token())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("at org.");
        HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(forwarder.httpBase() + BASE))
                .header("Authorization", "Bearer " + forwarder.token()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(list.body()).isEqualTo("[]");
    }
}
