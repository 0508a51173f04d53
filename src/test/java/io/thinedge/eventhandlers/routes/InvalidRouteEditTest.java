package io.thinedge.eventhandlers.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.function.UnaryOperator;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.thinedge.eventhandlers.support.LiveRoutesForwarder;
import io.thinedge.eventhandlers.support.RunningForwarder;

/**
 * An edit of a route file that does not load leaves the running routes in place and is reported
 * on tedge/errors and in /observe/health until the file is mended.
 */
class InvalidRouteEditTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String FILE = "dispatch.camel.yaml";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "YAML syntax|ref: \"countEventIn\"|ref: [\"countEventIn\"",
        "unknown bean|ref: \"countEventIn\"|ref: \"noSuchBean\"",
    })
    void should_keep_the_running_routes_and_report_the_edit(String kind, String from, String to) throws Exception {
        try (LiveRoutesForwarder live = LiveRoutesForwarder.start("tedge/errors")) {
            RunningForwarder forwarder = live.forwarder();
            String good = Files.readString(live.routes().path(FILE));
            live.routes().edit(FILE, replacingFirst(from, to));

            await().atMost(WAIT).until(() -> live.device().payloadsOn("tedge/errors").stream()
                    .anyMatch(message -> message.contains(FILE) && message.contains("not loaded")));
            await().atMost(WAIT).until(() -> health(forwarder).contains("route-edits") && health(forwarder).contains(FILE));
            assertThat(status(forwarder)).isEqualTo(503);
            live.device().publish("tedge/events/still_running", "{\"text\":\"after a bad edit\"}");
            await().atMost(WAIT).until(() -> live.recorder().texts().contains("after a bad edit"));

            Files.writeString(live.routes().path(FILE), good + "\n# mended\n");
            await().atMost(WAIT).until(() -> status(forwarder) == 200);
        }
    }

    private static UnaryOperator<String> replacingFirst(String from, String to) {
        return text -> {
            int at = text.indexOf(from);
            return text.substring(0, at) + to + text.substring(at + from.length());
        };
    }

    private static String health(RunningForwarder forwarder) throws Exception {
        return get(forwarder).body();
    }

    private static int status(RunningForwarder forwarder) throws Exception {
        return get(forwarder).statusCode();
    }

    private static HttpResponse<String> get(RunningForwarder forwarder) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(forwarder.httpBase() + "/observe/health"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
